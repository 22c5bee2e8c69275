/**
 * The voucher pages' API through the real app: the enterprise's own view and export, the
 * operator clerk's deduct and reverse, supervision, API-client management and the policy,
 * each scoped to the caller's organisation.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAIAN_2024_POLICY } from '../../src/domain/policy.js';
import { signedInAs, TEST_PASSWORD, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let agentSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildVoucherWorld(t.app);
});
afterAll(() => t.close());

/** An enterprise with a voucher, and a signed-in agent of it. */
async function enterpriseAgent() {
  const enterprise = await world.enterpriseWithVoucher(3);
  const username = `agent-${++agentSeq}`;
  await t.app.services.users.createAccount({
    username,
    name: '企业经办人',
    role: 'enterprise_agent',
    organisationId: enterprise.enterpriseId,
    password: TEST_PASSWORD,
  });
  const client = new TestClient(t.app);
  expect((await client.signIn(username, TEST_PASSWORD)).statusCode).toBe(200);
  return { client, ...enterprise };
}

/** A signed-in operator user belonging to the world's operator (the one its API client has). */
async function worldOperator(role: 'operator_staff' | 'operator_admin' = 'operator_staff') {
  const username = `op-${++agentSeq}`;
  await t.app.services.users.createAccount({
    username,
    name: '平台经办人',
    role,
    organisationId: world.operatorId,
    password: TEST_PASSWORD,
  });
  const client = new TestClient(t.app);
  expect((await client.signIn(username, TEST_PASSWORD)).statusCode).toBe(200);
  return client;
}

const json = (body: string) => JSON.parse(body);

describe('enterprise view', () => {
  it('shows only its own vouchers, with a summary', async () => {
    const mine = await enterpriseAgent();
    const response = await mine.client.request({ method: 'GET', url: '/api/enterprise/vouchers' });
    expect(response.statusCode).toBe(200);
    const body = json(response.body);
    expect(body.vouchers).toHaveLength(1);
    expect(body.vouchers[0].creditCode).toBe(mine.creditCode);
    expect(body.summary).toEqual({ available: 700_000, pending: 300_000, used: 0, voided: 0 });
  });

  it('lists usage with order numbers, reports the true total past the last page, and exports Excel', async () => {
    const mine = await enterpriseAgent();
    const clerk = await worldOperator();
    for (const [orderNo, amount] of [
      ['EXP-1', 1_000],
      ['EXP-2', 2_500],
    ] as const) {
      t.clock.advance(60_000);
      const response = await clerk.request({
        method: 'POST',
        url: '/api/operator/deductions',
        headers: { 'idempotency-key': `k-${orderNo}-${mine.creditCode}` },
        payload: {
          orderNo: `${orderNo}-${mine.creditCode}`,
          creditCode: mine.creditCode,
          category: 'storage',
          amount,
        },
      });
      expect(response.statusCode).toBe(201);
    }
    const usage = json(
      (await mine.client.request({ method: 'GET', url: '/api/enterprise/usage?pageSize=1' })).body,
    );
    expect(usage.total).toBe(2);
    expect(usage.items[0]).toMatchObject({ type: 'deduction', category: 'storage', amount: 2_500 });
    const past = json(
      (await mine.client.request({ method: 'GET', url: '/api/enterprise/usage?page=9&pageSize=1' }))
        .body,
    );
    expect(past).toEqual({ items: [], total: 2 });

    const file = await mine.client.request({ method: 'GET', url: '/api/enterprise/usage.xlsx' });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const history = workbook.getWorksheet('使用明细');
    expect(history?.rowCount).toBe(3);
    expect(history?.getRow(2).getCell(2).value).toBe('核销');
    expect(history?.getRow(2).getCell(6).value).toBe(25);
  });

  it('is closed to other roles, and other enterprises see nothing of it', async () => {
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    expect(
      (await reviewer.request({ method: 'GET', url: '/api/enterprise/vouchers' })).statusCode,
    ).toBe(403);
    const other = await enterpriseAgent();
    const body = json(
      (await other.client.request({ method: 'GET', url: '/api/enterprise/usage' })).body,
    );
    expect(body.total).toBe(0);
  });
});

describe('operator clerk', () => {
  it('looks up, deducts once per idempotency key, and reverses', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(4);
    const clerk = await worldOperator();
    const lookup = await clerk.request({
      method: 'GET',
      url: `/api/operator/enterprises/${creditCode}/vouchers`,
    });
    expect(json(lookup.body).summary.available).toBe(1_400_000);
    const submit = () =>
      clerk.request({
        method: 'POST',
        url: '/api/operator/deductions',
        headers: { 'idempotency-key': `clerk-${creditCode}` },
        payload: { orderNo: `UI-${creditCode}`, creditCode, category: 'compute', amount: 100_000 },
      });
    const first = await submit();
    const second = await submit();
    expect(first.statusCode).toBe(201);
    expect(second.headers['idempotency-hit']).toBe('true');
    expect(json(second.body)).toEqual(json(first.body));
    const { deductionId } = json(first.body);
    t.clock.advance(60_000);
    const reversal = await clerk.request({
      method: 'POST',
      url: `/api/operator/deductions/${deductionId}/reversals`,
      headers: { 'idempotency-key': `rev-${creditCode}` },
      payload: { amount: 40_000, reason: '账单取消' },
    });
    expect(reversal.statusCode).toBe(201);
    expect(json(reversal.body)).toMatchObject({ restored: 40_000, voided: 0 });
    const list = json(
      (
        await clerk.request({
          method: 'GET',
          url: `/api/operator/deductions?creditCode=${creditCode}`,
        })
      ).body,
    );
    expect(list.items.map((i: { type: string }) => i.type)).toEqual(['reversal', 'deduction']);
  });

  it('exports the month’s 核销记录 to Excel with a 合计 row; another operator’s file is empty', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    const clerk = await worldOperator();
    const made = await clerk.request({
      method: 'POST',
      url: '/api/operator/deductions',
      headers: { 'idempotency-key': `xlsx-${creditCode}` },
      payload: { orderNo: `XLSX-${creditCode}`, creditCode, category: 'storage', amount: 12_345 },
    });
    expect(made.statusCode).toBe(201);
    t.clock.advance(1_000);
    await clerk.request({
      method: 'POST',
      url: `/api/operator/deductions/${json(made.body).deductionId}/reversals`,
      headers: { 'idempotency-key': `xlsx-rev-${creditCode}` },
      payload: { amount: 345, reason: '=HYPERLINK("x")' },
    });
    const file = await clerk.request({
      method: 'GET',
      url: `/api/operator/deductions.xlsx?creditCode=${creditCode}`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain(encodeURIComponent('核销记录-'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('核销记录');
    expect(sheet?.rowCount).toBe(4); // header, reversal, deduction, 合计
    expect(sheet?.getRow(2).getCell(2).value).toBe('冲正');
    expect(sheet?.getRow(2).getCell(8).value).toBe(-3.45);
    // A reason typed as a formula stays text.
    expect(String(sheet?.getRow(2).getCell(12).value)).toBe('\'=HYPERLINK("x")');
    expect(sheet?.getRow(3).getCell(5).value).toBeTruthy();
    expect(String(sheet?.getRow(4).getCell(1).value)).toMatch(/^合计/);
    expect(sheet?.getRow(4).getCell(8).value).toBe(120);

    const lastYear = await clerk.request({
      method: 'GET',
      url: `/api/operator/deductions.xlsx?creditCode=${creditCode}&month=2025-01`,
    });
    const old = new ExcelJS.Workbook();
    await old.xlsx.load(lastYear.rawPayload as unknown as ArrayBuffer);
    expect(old.getWorksheet('核销记录')?.rowCount).toBe(2); // header and 合计 of nothing

    const bad = await clerk.request({
      method: 'GET',
      url: '/api/operator/deductions.xlsx?month=2026-13',
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body).errors[0]).toMatchObject({ field: 'querystring.month' });

    const { client: stranger } = await signedInAs(t.app, 'operator_staff');
    const theirs = await stranger.request({ method: 'GET', url: '/api/operator/deductions.xlsx' });
    const empty = new ExcelJS.Workbook();
    await empty.xlsx.load(theirs.rawPayload as unknown as ArrayBuffer);
    expect(empty.getWorksheet('核销记录')?.rowCount).toBe(2);
    const { client: enterprise } = await signedInAs(t.app, 'enterprise_agent');
    expect(
      (await enterprise.request({ method: 'GET', url: '/api/operator/deductions.xlsx' }))
        .statusCode,
    ).toBe(403);
  });

  it("another operator sees none of this operator's deductions and cannot reverse them", async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const clerk = await worldOperator();
    const made = await clerk.request({
      method: 'POST',
      url: '/api/operator/deductions',
      headers: { 'idempotency-key': `own-${creditCode}` },
      payload: { orderNo: `OWN-${creditCode}`, creditCode, category: 'compute', amount: 10 },
    });
    const { client: stranger } = await signedInAs(t.app, 'operator_staff');
    const list = json(
      (await stranger.request({ method: 'GET', url: '/api/operator/deductions' })).body,
    );
    expect(list.total).toBe(0);
    const attempt = await stranger.request({
      method: 'POST',
      url: `/api/operator/deductions/${json(made.body).deductionId}/reversals`,
      headers: { 'idempotency-key': 'steal' },
      payload: { amount: 10, reason: 'x' },
    });
    expect(attempt.statusCode).toBe(404);
    expect(json(attempt.body).code).toBe('DEDUCTION_NOT_FOUND');
  });

  it('refuses a malformed deduction with the field named, and changes nothing', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const clerk = await worldOperator();
    const bad = await clerk.request({
      method: 'POST',
      url: '/api/operator/deductions',
      headers: { 'idempotency-key': 'bad-1' },
      payload: { orderNo: 'BAD-1', creditCode, category: 'compute', amount: 12.5 },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad.body).errors[0].field).toContain('amount');
    const lookup = json(
      (
        await clerk.request({
          method: 'GET',
          url: `/api/operator/enterprises/${creditCode}/vouchers`,
        })
      ).body,
    );
    expect(lookup.summary.used).toBe(0);
  });
});

describe('supervision', () => {
  it('lets the Data Bureau look at any enterprise, and no one else', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    const seen = await reviewer.request({
      method: 'GET',
      url: `/api/supervision/enterprises/${creditCode}/vouchers`,
    });
    expect(json(seen.body).vouchers[0].amount).toBe(5_000_000);
    const { client: finance } = await signedInAs(t.app, 'finance_officer');
    expect(
      (
        await finance.request({
          method: 'GET',
          url: `/api/supervision/enterprises/${creditCode}/vouchers`,
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('API clients', () => {
  it('the operator administrator creates a client whose secret is shown once; staff cannot', async () => {
    const admin = await worldOperator('operator_admin');
    const created = await admin.request({
      method: 'POST',
      url: '/api/operator/api-clients',
      payload: { name: '计费系统二' },
    });
    expect(created.statusCode).toBe(201);
    const { client, secret } = json(created.body);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = json(
      (await admin.request({ method: 'GET', url: '/api/operator/api-clients' })).body,
    );
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(list.items.map((c: { keyId: string }) => c.keyId)).toContain(client.keyId);
    const staff = await worldOperator('operator_staff');
    expect(
      (await staff.request({ method: 'GET', url: '/api/operator/api-clients' })).statusCode,
    ).toBe(403);
    const { client: otherAdmin } = await signedInAs(t.app, 'operator_admin');
    const foreign = await otherAdmin.request({
      method: 'POST',
      url: `/api/operator/api-clients/${client.id}/disable`,
    });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('policy', () => {
  it('a new version applies to later grants only; invalid documents are refused', async () => {
    const before = await world.enterpriseWithVoucher(3);
    const { client: admin } = await signedInAs(t.app, 'data_bureau_admin');
    const current = json(
      (await admin.request({ method: 'GET', url: '/api/policies/current' })).body,
    );
    expect(current.version).toBe('2024.1');
    const invalid = await admin.request({
      method: 'POST',
      url: '/api/policies',
      payload: { document: { ...HAIAN_2024_POLICY, version: '2026.1', coverageCapBasisPoints: 0 } },
    });
    expect(invalid.statusCode).toBe(422);
    expect(json(invalid.body).code).toBe('POLICY_INVALID');
    const published = await admin.request({
      method: 'POST',
      url: '/api/policies',
      payload: {
        document: {
          ...HAIAN_2024_POLICY,
          version: '2026.1',
          tierAmounts: { 3: 1_200_000, 4: 2_000_000, 5: 5_000_000 },
        },
      },
    });
    expect(published.statusCode).toBe(201);
    const after = await world.enterpriseWithVoucher(3);
    const vouchersOf = async (creditCode: string) =>
      json(
        (
          await admin.request({
            method: 'GET',
            url: `/api/supervision/enterprises/${creditCode}/vouchers`,
          })
        ).body,
      ).vouchers[0];
    expect(await vouchersOf(before.creditCode)).toMatchObject({
      amount: 1_000_000,
      policyVersion: '2024.1',
    });
    expect(await vouchersOf(after.creditCode)).toMatchObject({
      amount: 1_200_000,
      policyVersion: '2026.1',
    });
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    const denied = await reviewer.request({
      method: 'POST',
      url: '/api/policies',
      payload: { document: {} },
    });
    expect(denied.statusCode).toBe(403);
  });
});
