/**
 * Benchmark data through the platform's own services (as the demo seed and the tests do):
 * approved plans, enterprises, and a 5★ voucher granted to each by LedgerService.grant.
 * Grants lock their plan's row, so the work is spread over a few plans granted in parallel.
 */
import type { Database } from '../../server/src/db/client.js';
import { systemClock } from '../../server/src/domain/clock.js';
import { LedgerService } from '../../server/src/modules/ledger/ledger.service.js';
import { planBudget } from '../../server/src/modules/plans/plan-budget.js';
import { PlansService } from '../../server/src/modules/plans/plans.service.js';
import { PoliciesService } from '../../server/src/modules/policies/policies.service.js';
import { createEnterprise } from '../../server/test/helpers/fixtures.js';

const FIVE_STAR = 5_000_000;

export async function seedVoucherHolders(
  database: Database,
  options: { count: number; parallel?: number },
): Promise<string[]> {
  const parallel = Math.max(1, Math.min(options.parallel ?? 4, options.count));
  const policies = new PoliciesService(database, systemClock);
  await policies.ensureDefault();
  const plans = new PlansService(database, systemClock, policies);
  const ledger = new LedgerService(database, systemClock, policies, planBudget);
  const [top] = await database.raw.query<{ year: number | null }>(
    'SELECT max(list_year) AS year FROM plans',
  );
  const firstYear = Math.max(2090, (top?.year ?? 0) + 1);
  const [seq] = await database.raw.query<{ n: string }>(
    `SELECT count(*) AS n FROM organisations WHERE kind = 'enterprise'`,
  );
  const firstNumber = 700_000 + Number(seq?.n ?? 0);
  const perPlan = Math.ceil(options.count / parallel);
  const creditCodes: string[] = [];
  await Promise.all(
    Array.from({ length: parallel }, async (_, p) => {
      const listYear = firstYear + p;
      const plan = await plans.create({
        listYear,
        title: `${listYear} 基准测试发放计划`,
        totalBudget: FIVE_STAR * perPlan,
        claimOpensAt: new Date('2020-01-01T00:00:00Z'),
        claimClosesAt: new Date('2100-01-01T00:00:00Z'),
      });
      await plans.approve(plan.id, 'bench');
      for (let i = p * perPlan; i < Math.min(options.count, (p + 1) * perPlan); i++) {
        const enterprise = await createEnterprise(database.raw, firstNumber + i, `基准企业${i}`);
        await ledger.grant({
          enterpriseId: enterprise.id,
          creditCode: enterprise.creditCode,
          enterpriseName: enterprise.name,
          listYear,
          star: 5,
          planId: plan.id,
        });
        creditCodes.push(enterprise.creditCode);
      }
    }),
  );
  return creditCodes;
}
