/**
 * Demo vouchers at every star level and stage, with a history: the ledger is driven through
 * its real services on a clock set back in time, so every voucher, deduction, reversal and
 * expiry is exactly what the platform itself would have recorded. Also creates the demo
 * operator API client and writes DATA_DIR/demo-credentials.json for integration partners and
 * acceptance scripts.
 */

import fs from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../domain/clock.js';
import { creditCodeCheckChar } from '../domain/identifiers.js';
import { addCalendarMonths, localYear, startOfLocalDay } from '../domain/time.js';
import { DEMO_ACCOUNTS } from '../modules/accounts/demo-accounts.js';
import { LedgerService } from '../modules/ledger/ledger.service.js';
import { planBudget } from '../modules/plans/plan-budget.js';
import { PlansService } from '../modules/plans/plans.service.js';
import { PoliciesService } from '../modules/policies/policies.service.js';
import { StarListsService } from '../modules/star-lists/star-lists.service.js';
import { notifyOfferHolders } from '../modules/voucher-batches/offers.notify.js';
import type { Services } from '../services.js';

export type DemoStage = 'fresh' | 'partly-used' | 'tranche1-expired' | 'used-up' | 'reversed';

export interface DemoEnterprise {
  creditCode: string;
  name: string;
  star: 3 | 4 | 5;
  stage: DemoStage;
}

export interface DemoCredentials {
  apiClient: { keyId: string; secret: string };
  enterprises: DemoEnterprise[];
}

const TIME_ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;

/** A valid GB 32100 code in Haian's region (320685) for demo enterprise n. */
function demoCreditCode(n: number): string {
  const first17 = `91320685MA2${String(n).padStart(6, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

interface Plan {
  name: string;
  star: 3 | 4 | 5;
  stage: DemoStage;
  /** Months before now that the claim was approved. */
  claimedMonthsAgo: number;
  /** Bills, each at (days after the claim, fen, category). */
  bills: Array<[number, number, string]>;
  /** Reversals of the bill with this index: (days after the claim, fen). */
  reversals?: Array<[number, number, number]>;
}

const STORY: Plan[] = [
  { name: '海安精工机械有限公司', star: 3, stage: 'fresh', claimedMonthsAgo: 0, bills: [] },
  { name: '海安云织纺织科技有限公司', star: 4, stage: 'fresh', claimedMonthsAgo: 0, bills: [] },
  { name: '江苏海安新材料股份有限公司', star: 5, stage: 'fresh', claimedMonthsAgo: 0, bills: [] },
  {
    name: '海安示范智能制造有限公司',
    star: 5,
    stage: 'partly-used',
    claimedMonthsAgo: 4,
    bills: [
      [3, 486_000, 'compute'],
      [35, 215_050, 'storage'],
      [64, 98_000, 'network'],
      [95, 435_517, 'compute'],
    ],
  },
  {
    name: '海安润达物流有限公司',
    star: 4,
    stage: 'tranche1-expired',
    claimedMonthsAgo: 14,
    bills: [
      [20, 300_000, 'compute'],
      [140, 500_000, 'security'],
      [380, 120_000, 'storage'],
    ],
  },
  {
    name: '海安恒信电子科技有限公司',
    star: 3,
    stage: 'used-up',
    claimedMonthsAgo: 13,
    bills: [
      [10, 450_000, 'compute'],
      [200, 400_000, 'network'],
      [370, 380_000, 'compute'],
    ],
  },
  {
    name: '海安启明软件有限公司',
    star: 4,
    stage: 'reversed',
    claimedMonthsAgo: 2,
    bills: [
      [5, 500_000, 'compute'],
      [30, 160_000, 'security'],
    ],
    reversals: [
      [0, 12, 200_000],
      [1, 31, 160_000],
    ],
  },
];

export async function seedDemoVouchers(
  services: Services,
  seeded: { organisations: Record<string, string>; users: Record<string, string> },
): Promise<{ credentials: DemoCredentials; summary: string[] }> {
  const { organisations } = seeded;
  const now = services.clock.now();
  // History is written on a clock of its own, moved through the story, through the same
  // services the platform runs (policies, plans, ledger), so every row is a real one.
  const history = new ManualClock(addCalendarMonths(now, -15, TIME_ZONE));
  const policies = new PoliciesService(services.database, history);
  await policies.ensureDefault();
  const plans = new PlansService(services.database, history, policies);
  const ledger = new LedgerService(services.database, history, policies, planBudget);
  const listYear = localYear(history.now(), TIME_ZONE);
  const plan = await plans.create({
    listYear,
    title: `${listYear}年度“海安云”资源券发放计划`,
    totalBudget: 50_000_000, // ¥500,000
    // Whole Beijing days, as an official would set them (the page shows dates, not times).
    claimOpensAt: startOfLocalDay(history.now(), TIME_ZONE),
    claimClosesAt: startOfLocalDay(new Date(now.getTime() + 61 * DAY), TIME_ZONE),
  });
  await plans.approve(plan.id, '市数据局（演示）');

  // Every voucher comes from a published list entry (第七条), as on the platform: the DRC's
  // list of that year names each enterprise of the story.
  const creditCodes = await Promise.all(
    STORY.map((story, index) =>
      story.stage === 'partly-used'
        ? demoEnterpriseCode(services, organisations)
        : demoCreditCode(index + 1),
    ),
  );
  await publishDemoList(services, history, seeded, listYear, creditCodes);

  const operatorId = organisations.operator;
  if (!operatorId) throw new Error('the demo operator organisation is missing');
  const { client, secret } = await services.apiClients.create({
    operatorId,
    name: '海安云计费系统（演示）',
    createdBy: null,
  });
  const caller = { clientId: client.id, operatorId };

  const enterprises: DemoEnterprise[] = [];
  let n = 0;
  for (const story of STORY) {
    n += 1;
    const creditCode = creditCodes[n - 1] as string;
    const enterpriseId =
      story.stage === 'partly-used'
        ? (organisations['enterprise-demo'] as string)
        : (
            await services.users.ensureOrganisation({
              kind: 'enterprise',
              name: story.name,
              creditCode,
            })
          ).id;
    const claimedAt = addCalendarMonths(now, -story.claimedMonthsAgo, TIME_ZONE);
    history.set(new Date(Math.min(claimedAt.getTime() + 10 * 3_600_000, now.getTime() - 60_000)));
    await ledger.grant({
      enterpriseId,
      creditCode,
      enterpriseName: story.name,
      listYear,
      star: story.star,
      planId: plan.id,
    });
    const grantedAt = history.now().getTime();
    const deductionIds: string[] = [];
    let order = 0;
    for (const [day, amount, category] of story.bills) {
      history.set(new Date(grantedAt + day * DAY));
      const result = await services.database.raw.transaction((tx) =>
        ledger.deduct(
          tx,
          { orderNo: `HAC-${n}${String(++order).padStart(4, '0')}`, creditCode, category, amount },
          caller,
        ),
      );
      deductionIds.push(result.deductionId);
    }
    for (const [billIndex, day, amount] of story.reversals ?? []) {
      history.set(new Date(grantedAt + day * DAY));
      await services.database.raw.transaction((tx) =>
        ledger.reverse(tx, {
          ...caller,
          deductionId: deductionIds[billIndex] as string,
          amount,
          reason: billIndex === 0 ? '订单部分退款' : '订单取消',
        }),
      );
    }
    enterprises.push({ creditCode, name: story.name, star: story.star, stage: story.stage });
  }
  history.set(now);
  await ledger.recordExpiries();

  const credentials: DemoCredentials = { apiClient: { keyId: client.keyId, secret }, enterprises };
  fs.mkdirSync(services.config.dataDir, { recursive: true });
  const file = path.join(services.config.dataDir, 'demo-credentials.json');
  fs.writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return {
    credentials,
    summary: [
      '  演示计费系统接口 Demo open-API client (written to demo-credentials.json):',
      `    X-Key-Id ${client.keyId}`,
      `    secret   ${secret}`,
      '  演示企业 Demo enterprises:',
      ...enterprises.map((e) => `    ${e.creditCode}  ${e.star}★  ${e.stage.padEnd(16)} ${e.name}`),
    ],
  };
}

/** Imports and publishes the story's star list on the story's clock, as the DRC officer. */
async function publishDemoList(
  services: Services,
  history: ManualClock,
  seeded: { organisations: Record<string, string>; users: Record<string, string> },
  listYear: number,
  creditCodes: string[],
): Promise<void> {
  const drcUserId = seeded.users.drc;
  const drcOrganisationId = seeded.organisations.drc;
  if (!drcUserId || !drcOrganisationId) throw new Error('the demo DRC officer is missing');
  const drcName = DEMO_ACCOUNTS.find((account) => account.username === 'drc')?.name ?? 'drc';
  const starLists = new StarListsService(services.database, history, {
    files: services.files,
    policies: services.policies,
    notifyOfferHolders: (tx, scope) => notifyOfferHolders(tx, services.notifications, scope),
  });
  const title = `${listYear}年度江苏省星级上云企业名单（海安市）`;
  const csv = [
    '序号,设区市,县(市、区),企业名称,统一社会信用代码,星级',
    ...STORY.map(
      (story, index) =>
        `${index + 1},南通市,海安市,${story.name},${creditCodes[index]},${story.star}`,
    ),
  ].join('\r\n');
  const { batch } = await starLists.import({
    bytes: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8'),
    fileName: `${title}.csv`,
    listYear,
    title,
    confirmWarnings: true,
    organisationId: drcOrganisationId,
    // By name, as the import route records it: the list shows who imported, not a user id.
    importedBy: drcName,
  });
  await starLists.publish(batch.id, drcName);
}

async function demoEnterpriseCode(services: Services, organisations: Record<string, string>) {
  const id = organisations['enterprise-demo'];
  const [row] = await services.database.raw.query<{ credit_code: string }>(
    'SELECT credit_code FROM organisations WHERE id = $1',
    [id],
  );
  if (!row?.credit_code) throw new Error('the demo enterprise has no credit code');
  return row.credit_code;
}
