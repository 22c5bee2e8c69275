/**
 * Issuance plans through the real app: create, approve, raise the budget with a reason, and
 * the live budget view — granted, remaining, and the need still ahead from the published list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createEnterprise, creditCodeFor } from '../helpers/fixtures.js';
import { csvOf, listRow, upload } from '../star-lists/support.js';

let t: TestApp;
let bureau: TestClient;
let drc: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.services.policies.ensureDefault();
  bureau = (await signedInAs(t.app, 'data_bureau_admin')).client;
  drc = (await signedInAs(t.app, 'drc_officer')).client;
});
afterAll(() => t.close());

function planBody(listYear: number, totalBudget = 100_000_000) {
  return {
    listYear,
    title: `${listYear}年度“海安云”资源券发放计划`,
    totalBudget,
    claimOpensAt: '2026-03-01T00:00:00+08:00',
    claimClosesAt: '2027-01-01T00:00:00+08:00',
  };
}

async function createPlan(listYear: number, totalBudget?: number): Promise<{ id: string }> {
  const response = await bureau.post('/api/plans', planBody(listYear, totalBudget));
  expect(response.statusCode, response.body).toBe(201);
  return response.json().plan;
}

/** Imports and publishes a list of (n, star) rows for the year, through the DRC's API. */
async function publishList(listYear: number, rows: Array<[number, number]>, publish = true) {
  const response = await upload(
    drc,
    '/api/star-lists/import',
    { name: 'list.csv', bytes: csvOf(rows.map(([n, star]) => listRow(n, star))) },
    { listYear: String(listYear), title: '名单' },
  );
  expect(response.statusCode, response.body).toBe(201);
  const { id } = response.json().batch;
  if (publish)
    expect((await drc.post(`/api/star-lists/batches/${id}/publish`)).statusCode).toBe(200);
}

describe('plans', () => {
  it('creates a draft, one per list year, with tiers from the policy in force', async () => {
    const response = await bureau.post('/api/plans', planBody(2026));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      plan: {
        listYear: 2026,
        status: 'draft',
        totalBudget: 100_000_000,
        budgetBalance: 0,
        claimOpensAt: '2026-02-28T16:00:00.000Z',
        claimWindow: 'open',
        approvedAt: null,
      },
      policyVersion: '2024.1',
      budget: {
        total: 100_000_000,
        remaining: 100_000_000,
        granted: 0,
        needAhead: 0,
        tierAmounts: { 3: 1_000_000, 4: 2_000_000, 5: 5_000_000 },
      },
      history: [],
    });
    const twice = await bureau.post('/api/plans', planBody(2026));
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).code).toBe('PLAN_ALREADY_EXISTS');
  });

  it.each([
    [
      'a window that closes before it opens',
      { claimClosesAt: '2026-01-01T00:00:00+08:00' },
      'VALIDATION_FAILED',
    ],
    ['a budget in yuan with decimals', { totalBudget: 100.5 }, 'VALIDATION_FAILED'],
    ['a zero budget', { totalBudget: 0 }, 'VALIDATION_FAILED'],
    ['a date without a zone', { claimOpensAt: '2026-03-01 00:00' }, 'VALIDATION_FAILED'],
  ])('refuses %s', async (_name, change, code) => {
    const response = await bureau.post('/api/plans', { ...planBody(2050), ...change });
    expect(response.statusCode).toBe(400);
    expect(problemOf(response).code).toBe(code);
    expect((await bureau.get('/api/plans/2050')).statusCode).toBe(404);
  });

  it('approves once, funding the budget; raises it only with a reason, recorded in the history', async () => {
    const plan = await createPlan(2027, 50_000_000);
    const early = await bureau.post(`/api/plans/${plan.id}/budget-increases`, {
      amount: 1_000_000,
      reason: '追加',
    });
    expect(early.statusCode).toBe(409);
    expect(problemOf(early).code).toBe('PLAN_NOT_APPROVED');

    const approved = await bureau.post(`/api/plans/${plan.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json().plan).toMatchObject({
      status: 'approved',
      budgetBalance: 50_000_000,
      approvedAt: t.clock.now().toISOString(),
    });
    const again = await bureau.post(`/api/plans/${plan.id}/approve`);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).code).toBe('PLAN_ALREADY_APPROVED');

    for (const body of [
      { amount: 1_000_000, reason: '  ' },
      { amount: 1_000_000 },
      { amount: 0, reason: '追加' },
      { amount: -5, reason: '追加' },
    ]) {
      const refused = await bureau.post(`/api/plans/${plan.id}/budget-increases`, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
    }

    t.clock.advance(60_000);
    const raised = await bureau.post(`/api/plans/${plan.id}/budget-increases`, {
      amount: 7_000_000,
      reason: '第二批名单企业增加',
    });
    expect(raised.statusCode).toBe(201);
    const detail = raised.json();
    expect(detail.plan).toMatchObject({ totalBudget: 57_000_000, budgetBalance: 57_000_000 });
    expect(detail.history).toEqual([
      expect.objectContaining({ kind: 'approval', amount: 50_000_000 }),
      {
        kind: 'increase',
        amount: 7_000_000,
        reason: '第二批名单企业增加',
        by: expect.stringContaining('测试'),
        at: t.clock.now().toISOString(),
      },
    ]);
    const [audit] = await t.db.database.raw.query<{ detail: { reason: string; amount: number } }>(
      `SELECT detail FROM audit_log WHERE action = 'plan.raise-budget' AND target_id = $1
          AND outcome = 'success'`,
      [plan.id],
    );
    expect(audit?.detail).toMatchObject({ amount: 7_000_000, reason: '第二批名单企业增加' });
  });

  it('lists plans for every reader, and keeps changes to the Data Bureau administrator', async () => {
    const { client: finance } = await signedInAs(t.app, 'finance_officer');
    const list = await finance.get('/api/plans');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { listYear: number }) => p.listYear)).toEqual(
      expect.arrayContaining([2026, 2027]),
    );
    expect((await finance.post('/api/plans', planBody(2051))).statusCode).toBe(403);
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    expect((await reviewer.post('/api/plans', planBody(2051))).statusCode).toBe(403);
  });
});

describe('live budget view', () => {
  it('counts the need ahead from published entries without a voucher, and warns when it exceeds what remains', async () => {
    const year = 2028;
    const plan = await createPlan(year, 8_000_000);
    // Published: 5★, 4★, 3★, 3★ = 9,000,000 ahead. A draft batch does not count.
    await publishList(year, [
      [801, 5],
      [802, 4],
      [803, 3],
      [804, 3],
    ]);
    await publishList(year, [[805, 5]], false);
    const view = async () => (await bureau.get(`/api/plans/${year}`)).json().budget;

    // Draft: compared with the total it will be funded with.
    expect(await view()).toMatchObject({
      total: 8_000_000,
      remaining: 8_000_000,
      needAhead: 9_000_000,
      entriesAhead: 4,
      needByStar: {
        3: { entries: 2, amount: 2_000_000 },
        4: { entries: 1, amount: 2_000_000 },
        5: { entries: 1, amount: 5_000_000 },
      },
      shortfall: 1_000_000,
      warning: true,
    });

    await bureau.post(`/api/plans/${plan.id}/approve`);
    const enterprise = await createEnterprise(t.db.database.raw, 801);
    expect(enterprise.creditCode).toBe(creditCodeFor(801));
    await t.app.services.ledger.grant({
      enterpriseId: enterprise.id,
      creditCode: enterprise.creditCode,
      enterpriseName: enterprise.name,
      listYear: year,
      star: 5,
      planId: plan.id,
    });
    expect(await view()).toMatchObject({
      granted: 5_000_000,
      grantedVouchers: 1,
      remaining: 3_000_000,
      needAhead: 4_000_000,
      entriesAhead: 3,
      shortfall: 1_000_000,
      warning: true,
    });

    await bureau.post(`/api/plans/${plan.id}/budget-increases`, {
      amount: 1_000_000,
      reason: '补足缺口',
    });
    expect(await view()).toMatchObject({
      total: 9_000_000,
      granted: 5_000_000,
      remaining: 4_000_000,
      needAhead: 4_000_000,
      shortfall: 0,
      warning: false,
    });
  });

  it('is 404 PLAN_NOT_FOUND for a year without a plan', async () => {
    const response = await bureau.get('/api/plans/2049');
    expect(response.statusCode).toBe(404);
    expect(problemOf(response).code).toBe('PLAN_NOT_FOUND');
  });
});
