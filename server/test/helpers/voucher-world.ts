/**
 * A small world for open-API tests: the policy, an approved plan, an operator with an API
 * client, and enterprises holding fresh vouchers, built through the real services.
 */
import type { App } from '../../src/app.js';
import { createEnterprise, createOrganisation } from './fixtures.js';

export interface VoucherWorld {
  operatorId: string;
  planId: string;
  keyId: string;
  secret: string;
  clientId: string;
  /** Grants a fresh voucher of `star` to a new enterprise; returns its credit code. */
  enterpriseWithVoucher(star?: 3 | 4 | 5): Promise<{ creditCode: string; enterpriseId: string }>;
  /** A new enterprise on the platform without any voucher. */
  enterpriseWithoutVoucher(): Promise<{ creditCode: string; enterpriseId: string }>;
}

let enterpriseCounter = 500_000;

export async function buildVoucherWorld(app: App, listYear = 2025): Promise<VoucherWorld> {
  const { services } = app;
  await services.policies.ensureDefault();
  const plan = await services.plans.create({
    listYear,
    title: `${listYear} 年度云资源券发放计划`,
    totalBudget: 10_000_000_000,
    claimOpensAt: new Date('2025-01-01T00:00:00Z'),
    claimClosesAt: new Date('2030-01-01T00:00:00Z'),
  });
  await services.plans.approve(plan.id, 'test');
  const operatorId = await createOrganisation(services.database.raw, {
    kind: 'operator',
    name: '海安云平台服务方（测试）',
  });
  const { client, secret } = await services.apiClients.create({
    operatorId,
    name: 'billing',
    createdBy: null,
  });
  return {
    operatorId,
    planId: plan.id,
    keyId: client.keyId,
    secret,
    clientId: client.id,
    async enterpriseWithVoucher(star = 5) {
      const enterprise = await createEnterprise(services.database.raw, ++enterpriseCounter);
      await services.ledger.grant({
        enterpriseId: enterprise.id,
        creditCode: enterprise.creditCode,
        enterpriseName: enterprise.name,
        listYear,
        star,
        planId: plan.id,
      });
      return { creditCode: enterprise.creditCode, enterpriseId: enterprise.id };
    },
    async enterpriseWithoutVoucher() {
      const enterprise = await createEnterprise(services.database.raw, ++enterpriseCounter);
      return { creditCode: enterprise.creditCode, enterpriseId: enterprise.id };
    },
  };
}
