import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { AppError } from '../../src/errors.js';
import { sendExpiryReminders } from '../../src/modules/ledger/expiry-reminders.js';
import { LedgerService } from '../../src/modules/ledger/ledger.service.js';
import { verifyLedger } from '../../src/modules/ledger/ledger.verify.js';
import { vouchersOf } from '../../src/modules/ledger/vouchers.query.js';
import { NotificationsService } from '../../src/modules/notifications/notifications.service.js';
import { planBudget } from '../../src/modules/plans/plan-budget.js';
import { PlansService } from '../../src/modules/plans/plans.service.js';
import { PoliciesService } from '../../src/modules/policies/policies.service.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  createEnterprise,
  createOrganisation,
  createUserRow,
  creditCodeFor,
} from '../helpers/fixtures.js';

// 2025-03-10 10:00 in Shanghai.
const CLAIM = '2025-03-10T02:00:00.000Z';

let db: TestDatabase;
let clock: ManualClock;
let ledger: LedgerService;
let plans: PlansService;
let policies: PoliciesService;
let operatorId: string;
let enterpriseSeq = 0;

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new ManualClock(CLAIM);
  policies = new PoliciesService(db.database, clock);
  await policies.ensureDefault();
  ledger = new LedgerService(db.database, clock, policies, planBudget);
  plans = new PlansService(db.database, clock, policies);
  operatorId = await createOrganisation(db.database.raw, { kind: 'operator', name: '海安云' });
});
afterAll(() => db.close());
beforeEach(() => clock.set(CLAIM));

async function approvedPlan(listYear: number, totalBudget: number) {
  const plan = await plans.create({
    listYear,
    title: `${listYear} 年度发放计划`,
    totalBudget,
    claimOpensAt: new Date('2025-01-01T00:00:00Z'),
    claimClosesAt: new Date('2026-12-31T00:00:00Z'),
  });
  return plans.approve(plan.id, 'test');
}

let yearSeq = 2000;
async function grantFresh(star = 5, budget = 100_000_000) {
  const plan = await approvedPlan(yearSeq++, budget);
  const enterprise = await createEnterprise(db.database.raw, ++enterpriseSeq);
  const voucher = await ledger.grant({
    enterpriseId: enterprise.id,
    creditCode: enterprise.creditCode,
    enterpriseName: enterprise.name,
    listYear: plan.listYear,
    star,
    planId: plan.id,
  });
  return { plan, enterprise, voucher };
}

const caller = () => ({ clientId: 'client-1', operatorId });
let orderSeq = 0;
const deduct = (creditCode: string, amount: number, category = 'compute') =>
  db.database.raw.transaction((tx) =>
    ledger.deduct(tx, { orderNo: `ORD-${++orderSeq}`, creditCode, category, amount }, caller()),
  );

describe('grant', () => {
  it('moves the tier amount from the budget into 70/30 tranches', async () => {
    const { plan, voucher } = await grantFresh(5, 6_000_000);
    expect(voucher.amount).toBe(5_000_000);
    expect(voucher.tranches.map((t) => t.amount)).toEqual([3_500_000, 1_500_000]);
    expect(voucher.tranches[0]?.expiresAt.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    const after = await plans.byYear(plan.listYear);
    expect(after?.budgetBalance).toBe(1_000_000);
  });

  it('refuses a grant the budget cannot cover, naming the shortfall, and changes nothing', async () => {
    const plan = await approvedPlan(yearSeq++, 1_500_000);
    const enterprise = await createEnterprise(db.database.raw, ++enterpriseSeq);
    const error = await errorOf(
      ledger.grant({
        enterpriseId: enterprise.id,
        creditCode: enterprise.creditCode,
        enterpriseName: enterprise.name,
        listYear: plan.listYear,
        star: 4,
        planId: plan.id,
      }),
    );
    expect(error.code).toBe('BUDGET_INSUFFICIENT');
    expect(error.extensions).toMatchObject({ shortfall: 500_000, remaining: 1_500_000 });
    expect((await plans.byYear(plan.listYear))?.budgetBalance).toBe(1_500_000);
    expect(
      await vouchersOf(db.database.raw, { creditCode: enterprise.creditCode }, clock.now()),
    ).toEqual([]);
  });

  it('grants one voucher per enterprise per list year', async () => {
    const { plan, enterprise } = await grantFresh(3);
    const error = await errorOf(
      ledger.grant({
        enterpriseId: enterprise.id,
        creditCode: enterprise.creditCode,
        enterpriseName: enterprise.name,
        listYear: plan.listYear,
        star: 3,
        planId: plan.id,
      }),
    );
    expect(error.code).toBe('VOUCHER_ALREADY_GRANTED');
    // The plan's owner drew the amount before the voucher check refused: the refusal rolled
    // the draw back with the rest (D-ownership-2).
    expect((await plans.byYear(plan.listYear))?.budgetBalance).toBe(100_000_000 - 1_000_000);
  });

  it('grants of one plan at once take no more than its budget covers, and no less', async () => {
    // Two 5★ vouchers and a little: two grants fit, the third cannot.
    const plan = await approvedPlan(yearSeq++, 2 * 5_000_000 + 1_000_000);
    const enterprises = [];
    for (let i = 0; i < 5; i++) {
      enterprises.push(await createEnterprise(db.database.raw, ++enterpriseSeq));
    }
    const results = await Promise.allSettled(
      enterprises.map((enterprise) =>
        ledger.grant({
          enterpriseId: enterprise.id,
          creditCode: enterprise.creditCode,
          enterpriseName: enterprise.name,
          listYear: plan.listYear,
          star: 5,
          planId: plan.id,
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(2);
    const refusals = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );
    // Each refusal is the budget's, with its shortfall: not a CHECK violation of a balance
    // drawn below zero, which is what a draw without the plan's row lock runs into.
    expect(
      refusals.map((error) => (error instanceof AppError ? error.code : String(error))),
    ).toEqual(['BUDGET_INSUFFICIENT', 'BUDGET_INSUFFICIENT', 'BUDGET_INSUFFICIENT']);
    expect((await plans.byYear(plan.listYear))?.budgetBalance).toBe(1_000_000);
    expect((await verifyLedger(db.database.raw)).violations).toEqual([]);
  });
});

describe('deduct', () => {
  it('deducts up to the bill and reports deducted and payable', async () => {
    const { enterprise } = await grantFresh(3);
    const result = await deduct(enterprise.creditCode, 250_000);
    expect(result).toMatchObject({ requested: 250_000, deducted: 250_000, payable: 0 });
    expect(result.availableAfter).toBe(700_000 - 250_000);
  });

  it('pays what the active tranche holds and leaves the rest of the bill to cash', async () => {
    const { enterprise } = await grantFresh(3);
    const result = await deduct(enterprise.creditCode, 900_000);
    expect(result).toMatchObject({ deducted: 700_000, payable: 200_000, availableAfter: 0 });
  });

  it('refuses an ineligible category and a bill with nothing deductible, recording nothing', async () => {
    const { enterprise } = await grantFresh(3);
    expect((await errorOf(deduct(enterprise.creditCode, 100, 'consulting'))).code).toBe(
      'CATEGORY_NOT_ELIGIBLE',
    );
    await deduct(enterprise.creditCode, 700_000);
    expect((await errorOf(deduct(enterprise.creditCode, 100))).code).toBe('NO_AVAILABLE_BALANCE');
    const [count] = await db.database.raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM deductions WHERE credit_code = $1',
      [enterprise.creditCode],
    );
    expect(Number(count?.n)).toBe(1);
  });

  it('refuses an unknown enterprise', async () => {
    expect((await errorOf(deduct(creditCodeFor(999_999_999), 100))).code).toBe(
      'ENTERPRISE_NOT_FOUND',
    );
  });

  it('refuses a second deduction for the same order number', async () => {
    const { enterprise } = await grantFresh(3);
    const item = {
      orderNo: 'SAME-ORDER',
      creditCode: enterprise.creditCode,
      category: 'storage',
      amount: 10,
    };
    await db.database.raw.transaction((tx) => ledger.deduct(tx, item, caller()));
    const error = await errorOf(
      db.database.raw.transaction((tx) => ledger.deduct(tx, item, caller())),
    );
    expect(error.code).toBe('DUPLICATE_ORDER');
  });

  it('uses tranche 2 once tranche 1 has expired, and never before', async () => {
    const { enterprise } = await grantFresh(4);
    clock.set('2026-03-09T15:59:59.999Z'); // last instant of tranche 1
    expect((await deduct(enterprise.creditCode, 1)).availableAfter).toBe(1_399_999);
    clock.set('2026-03-09T16:00:00.000Z'); // tranche 1 expired, tranche 2 active
    const result = await deduct(enterprise.creditCode, 10_000_000);
    expect(result.deducted).toBe(600_000);
    const [voucher] = await vouchersOf(
      db.database.raw,
      { creditCode: enterprise.creditCode },
      clock.now(),
    );
    expect(voucher?.tranches.map((t) => t.status)).toEqual(['expired', 'exhausted']);
    expect(voucher?.tranches[0]?.voided).toBe(1_399_999);
  });

  it('decides batch items in order against the balance the earlier items left', async () => {
    const { enterprise } = await grantFresh(3);
    const items = [400_000, 400_000, 1].map((amount, i) => ({
      orderNo: `B-${enterpriseSeq}-${i}`,
      creditCode: enterprise.creditCode,
      category: 'network',
      amount,
    }));
    const outcomes = await db.database.raw.transaction((tx) =>
      ledger.deductMany(tx, items, caller()),
    );
    expect(outcomes.map((o) => (o.ok ? o.result.deducted : o.error.code))).toEqual([
      400_000,
      300_000,
      'NO_AVAILABLE_BALANCE',
    ]);
  });
});

describe('reverse', () => {
  it('restores to an active tranche, voids after expiry, and never exceeds the deduction', async () => {
    const { enterprise } = await grantFresh(3);
    const first = await deduct(enterprise.creditCode, 300_000);
    const reverse = (amount: number) =>
      db.database.raw.transaction((tx) =>
        ledger.reverse(tx, { ...caller(), deductionId: first.deductionId, amount, reason: '退款' }),
      );
    expect(await reverse(100_000)).toMatchObject({ restored: 100_000, voided: 0 });
    expect((await errorOf(reverse(200_001))).code).toBe('REVERSAL_EXCEEDS_DEDUCTION');
    clock.set('2026-04-01T00:00:00Z');
    expect(await reverse(200_000)).toMatchObject({ restored: 0, voided: 200_000 });
    expect((await errorOf(reverse(1))).code).toBe('REVERSAL_EXCEEDS_DEDUCTION');
  });

  it("cannot reverse another operator's deduction", async () => {
    const { enterprise } = await grantFresh(3);
    const first = await deduct(enterprise.creditCode, 1_000);
    const error = await errorOf(
      db.database.raw.transaction((tx) =>
        ledger.reverse(tx, {
          clientId: 'other',
          operatorId: 'another-operator',
          deductionId: first.deductionId,
          amount: 1,
          reason: 'x',
        }),
      ),
    );
    expect(error.code).toBe('DEDUCTION_NOT_FOUND');
  });
});

describe('expiry reminders', () => {
  it('tells the enterprise 30 and 7 days before a tranche with a balance expires, once each', async () => {
    const { enterprise } = await grantFresh(3);
    const userId = await createUserRow(db.database.raw, {
      organisationId: enterprise.id,
      role: 'enterprise_agent',
    });
    const notifications = new NotificationsService(db.database, clock);
    const send = () =>
      sendExpiryReminders({ database: db.database, clock, policies, notifications });
    const unread = async () =>
      (await notifications.list(userId, { unreadOnly: true, page: 1, pageSize: 10 })).unread;
    // Tranche 1 expires 2026-03-09T16:00Z (00:00 10 March in Shanghai): due 30 days before.
    clock.set('2026-02-07T16:00:00Z');
    clock.advance(-1);
    await send();
    expect(await unread()).toBe(0);
    clock.advance(1);
    await send();
    await send();
    expect(await unread()).toBe(1);
    clock.set('2026-03-04T00:00:00Z');
    await send();
    expect(await unread()).toBe(2);
    const inbox = await notifications.list(userId, { unreadOnly: true, page: 1, pageSize: 10 });
    expect(inbox.unread).toBe(2);
    expect(inbox.items[0]?.title).toContain('6 天后到期');
    expect(inbox.items[0]?.body).toContain('有效期至 2026-03-09（含）');
  });
});

describe('expiry and invariants', () => {
  it('records each expiry once, catching up after downtime', async () => {
    const { enterprise } = await grantFresh(5);
    await deduct(enterprise.creditCode, 500_000);
    clock.set('2028-01-01T00:00:00Z'); // both tranches long expired
    const first = await ledger.recordExpiries();
    expect(first).toBeGreaterThanOrEqual(2);
    expect(await ledger.recordExpiries()).toBe(0);
    const [voucher] = await vouchersOf(
      db.database.raw,
      { creditCode: enterprise.creditCode },
      clock.now(),
    );
    expect(voucher?.tranches.map((t) => [t.used, t.voided])).toEqual([
      [500_000, 3_000_000],
      [0, 1_500_000],
    ]);
  });

  it('keeps every ledger invariant after all of the above', async () => {
    const report = await verifyLedger(db.database.raw);
    expect(report.violations).toEqual([]);
    expect(report.transfers).toBeGreaterThan(0);
  });

  it('refuses to update or delete a transfer', async () => {
    await expect(
      db.database.raw.query('UPDATE ledger_transfers SET amount = amount + 1'),
    ).rejects.toThrow(/append-only/);
    await expect(db.database.raw.query('DELETE FROM ledger_transfers')).rejects.toThrow(
      /append-only/,
    );
  });

  it('verify names a tranche whose balance disagrees with its transfers', async () => {
    const { voucher } = await grantFresh(3);
    const trancheId = voucher.tranches[0]?.trancheId;
    await db.database.raw.query(
      'UPDATE voucher_tranches SET balance = balance - 1, voided = voided + 1 WHERE id = $1',
      [trancheId],
    );
    const report = await verifyLedger(db.database.raw);
    expect(report.ok).toBe(false);
    expect(report.violations.map((v) => [v.check, v.subject])).toContainEqual([
      'tranche-balance',
      trancheId,
    ]);
  });
});
