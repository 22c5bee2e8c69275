/**
 * The year-end chain end to end on the real services (issue 8 §2–5): a settlement year's
 * write-offs become a package (preview during the year, final after it, the CST year boundary to
 * the second), with its workbook and PDF; the operator attests and submits; the Data Bureau
 * decides lines and returns it once, then approves the next round; the DRC returns and sends;
 * Finance approves and pays exactly the recognised amount, which the ledger moves redeemed → paid;
 * the open API's settlement says so. Every refusal on the way changes nothing.
 */

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { MIGRATIONS_DIR } from '../../src/db/client.js';
import { ManualClock } from '../../src/domain/clock.js';
import { verifyLedger } from '../../src/modules/ledger/ledger.verify.js';
import { problemOf, signedInAs, TEST_PASSWORD, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let staff: TestClient;
let admin: TestClient;
let reviewer: TestClient;
let bureau: TestClient;
let drc: TestClient;
let finance: TestClient;
let enterprise: TestClient;
let deductedIn2025 = 0;
/** The final package's totals, kept by the first test for the twelve-month check. */
let packageTotals: Awaited<ReturnType<typeof finalBuild>>['totals'] = null;

const caller = () => ({ clientId: world.clientId, operatorId: world.operatorId });
let order = 0;

async function deduct(creditCode: string, amount: number, category = 'compute') {
  return t.app.services.database.raw.transaction((tx) =>
    t.app.services.ledger.deduct(
      tx,
      { orderNo: `RED-${++order}`, creditCode, category, amount },
      caller(),
    ),
  );
}

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2025-06-01T02:00:00Z') });
  world = await buildVoucherWorld(t.app, 2025);
  const a = await world.enterpriseWithVoucher(3);
  const b = await world.enterpriseWithVoucher(4);
  const c = await world.enterpriseWithVoucher(5);
  // The DRC's published list names a and b; c's voucher has no list entry (a planted anomaly
  // the package must flag: NOT_ON_LIST).
  const sql = t.app.services.database.raw;
  await sql.query(
    `INSERT INTO star_list_batches (id, list_year, batch_no, title, status, entry_count,
       imported_by, imported_at, published_by, published_at)
     VALUES ('batch-2025', 2025, 1, '2025 名单', 'published', 2, 'test', now(), 'test', now())`,
  );
  for (const [index, [who, star]] of (
    [
      [a, 3],
      [b, 4],
    ] as const
  ).entries()) {
    await sql.query(
      `INSERT INTO star_list_entries (id, batch_id, list_year, seq_no, city, county,
         enterprise_name, credit_code, star)
       SELECT $1, 'batch-2025', 2025, $2, '南通市', '海安市', o.name, $3, $4
         FROM organisations o WHERE o.credit_code = $3`,
      [`entry-${index}`, index + 1, who.creditCode, star],
    );
  }
  t.clock.advance(86_400_000);
  await deduct(a.creditCode, 120_000);
  const toReverse = await deduct(b.creditCode, 300_000, 'storage');
  t.clock.advance(60_000);
  await t.app.services.database.raw.transaction((tx) =>
    t.app.services.ledger.reverse(tx, {
      ...caller(),
      deductionId: toReverse.deductionId,
      amount: 50_000,
      reason: '账单取消',
    }),
  );
  // The boundary: 23:59:59 CST on 31 December is 2025's; 00:00 on 1 January is 2026's.
  t.clock.set('2025-12-31T15:59:59Z');
  await deduct(c.creditCode, 10_000, 'security');
  t.clock.set('2025-12-31T16:00:00Z');
  await deduct(c.creditCode, 7_000, 'network');
  deductedIn2025 = 120_000 + 300_000 - 50_000 + 10_000;
  t.clock.set('2026-01-05T02:00:00Z');
  const as = async (role: Parameters<typeof signedInAs>[1]) =>
    (await signedInAs(t.app, role)).client;
  staff = await as('operator_staff');
  admin = await as('operator_admin');
  reviewer = await as('data_bureau_reviewer');
  bureau = await as('data_bureau_admin');
  drc = await as('drc_officer');
  finance = await as('finance_officer');
  enterprise = await as('enterprise_agent');
}, 120_000);
afterAll(() => t.close());

async function finalBuild(year = 2025) {
  const started = await staff.post(`/api/redemption/years/${year}/builds`, { kind: 'final' });
  expect(started.statusCode, started.body).toBe(202);
  const build = await t.app.services.redemptionPackage.waitFor(started.json().build.id);
  expect(build.status, build.errorCode ?? '').toBe('done');
  return build;
}

describe('the package', () => {
  it('final only after the year; the year’s write-offs to the CST second; documents with their SHA-256', async () => {
    const early = await staff.post('/api/redemption/years/2026/builds', { kind: 'final' });
    expect(problemOf(early).code).toBe('REDEMPTION_YEAR_NOT_ENDED');
    const future = await staff.post('/api/redemption/years/2027/builds', { kind: 'preview' });
    expect(problemOf(future).code).toBe('PERIOD_NOT_STARTED');
    for (const who of [enterprise, drc]) {
      expect(
        (await who.post('/api/redemption/years/2025/builds', { kind: 'final' })).statusCode,
      ).toBe(403);
    }

    const preview = await staff.post('/api/redemption/years/2026/builds', { kind: 'preview' });
    expect(preview.statusCode).toBe(202);
    const previewBuild = await t.app.services.redemptionPackage.waitFor(preview.json().build.id);
    expect(previewBuild).toMatchObject({ kind: 'preview', status: 'done', netWriteOff: 7_000 });

    const build = await finalBuild();
    expect(build).toMatchObject({
      progress: 100,
      netWriteOff: deductedIn2025,
      voucherCount: 3,
      exceptionCount: 1,
    });
    expect(build.totals?.net).toBe(build.totals?.ledgerNet);
    packageTotals = build.totals;
    expect(build.totals?.byCategory).toMatchObject({
      compute: 120_000,
      storage: 250_000,
      security: 10_000,
    });
    const lines = (await staff.get(`/api/redemption/builds/${build.id}/lines?limit=10`)).json();
    expect(lines.lines).toHaveLength(3);
    expect(
      lines.lines.flatMap((line: { exceptionCodes: string[] }) => line.exceptionCodes),
    ).toEqual(['NOT_ON_LIST']);
    expect(
      lines.lines.reduce((sum: number, line: { netWriteOff: number }) => sum + line.netWriteOff, 0),
    ).toBe(deductedIn2025);

    const xlsx = await staff.get(`/api/redemption/builds/${build.id}/documents/xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(createHash('sha256').update(xlsx.rawPayload).digest('hex')).toBe(build.workbook?.sha256);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '兑付汇总',
      '资源券发放明细',
      '核销明细',
      '企业使用汇总',
      '核查异常',
    ]);
    const detail = workbook.getWorksheet('核销明细');
    const times: string[] = [];
    detail?.eachRow((row) => times.push(String(row.getCell(1).value)));
    expect(times).toContain('2025-12-31 23:59:59');
    expect(times.some((value) => value.startsWith('2026-01-01'))).toBe(false);
    const summary = workbook.getWorksheet('兑付汇总');
    const total = summary
      ?.getRows(1, summary.rowCount)
      ?.find((row) => row.getCell(1).value === '合计');
    expect(total?.getCell(5).value).toBe(deductedIn2025 / 100);
    expect(String(total?.getCell(6).value)).toMatch(/整$/);

    const pdf = await staff.get(`/api/redemption/builds/${build.id}/documents/pdf`);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(build.pdf?.sha256);
  }, 120_000);

  it('one build at a time per year', async () => {
    const [first, second] = await Promise.all([
      staff.post('/api/redemption/years/2025/builds', { kind: 'preview' }),
      staff.post('/api/redemption/years/2025/builds', { kind: 'preview' }),
    ]);
    const codes = [first.statusCode, second.statusCode].sort();
    expect(codes).toEqual([202, 409]);
    const started = first.statusCode === 202 ? first : second;
    await t.app.services.redemptionPackage.waitFor(started.json().build.id);
  });
});

describe('the chain', () => {
  let submissionId: string;
  const submission = async () =>
    (await admin.get(`/api/redemption/submissions/${submissionId}`)).json().submission;

  it('attest and submit: the administrator only, a final build, password and promise; once', async () => {
    const build = await finalBuild();
    const body = { buildId: build.id, password: TEST_PASSWORD, declaration: true };
    expect((await staff.post('/api/redemption/years/2025/submissions', body)).statusCode).toBe(403);
    const wrong = await admin.post('/api/redemption/years/2025/submissions', {
      ...body,
      password: 'Wrong-pass-1',
    });
    expect(problemOf(wrong).code).toBe('CONFIRMATION_FAILED');
    const unpromised = await admin.post('/api/redemption/years/2025/submissions', {
      ...body,
      declaration: false,
    });
    expect(problemOf(unpromised).code).toBe('VALIDATION_FAILED');
    const preview = (await t.app.services.redemptionPackage.years()).find(
      (y) => y.year === 2026,
    )?.latestBuild;
    const notFinal = await admin.post('/api/redemption/years/2026/submissions', {
      ...body,
      buildId: preview?.id,
    });
    expect(problemOf(notFinal).code).toBe('REDEMPTION_BUILD_NOT_FINAL');

    const submitted = await admin.post('/api/redemption/years/2025/submissions', body);
    expect(submitted.statusCode, submitted.body).toBe(201);
    submissionId = submitted.json().submission.id;
    expect(submitted.json().submission).toMatchObject({
      status: 'submitted',
      roundNo: 1,
      netWriteOff: deductedIn2025,
      workbookSha256: build.workbook?.sha256,
    });
    const twice = await admin.post('/api/redemption/years/2025/submissions', body);
    expect(problemOf(twice).code).toBe('REDEMPTION_ALREADY_SUBMITTED');
  });

  it('the Data Bureau returns the first round to the operator, who submits a second', async () => {
    const { version } = await submission();
    const returned = await bureau.post(`/api/redemption/submissions/${submissionId}/return`, {
      version,
      reason: '请补充核销明细说明',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().submission.status).toBe('returned');
    const build = await finalBuild();
    const again = await admin.post('/api/redemption/years/2025/submissions', {
      buildId: build.id,
      password: TEST_PASSWORD,
      declaration: true,
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().submission.roundNo).toBe(2);
    submissionId = again.json().submission.id;
  });

  it('lines: reasons required, amounts bounded, clean lines in bulk; approval needs every line', async () => {
    const lines = (await reviewer.get(`/api/redemption/submissions/${submissionId}/lines`)).json()
      .lines;
    // The line with an exception is decided one by one (the bulk accept leaves it).
    const first = lines.find(
      (line: { exceptionCodes: string[] }) => line.exceptionCodes.length > 0,
    );
    const noReason = await reviewer.request({
      method: 'PUT',
      url: `/api/redemption/submissions/${submissionId}/lines/${first.lineNo}/decision`,
      payload: { decision: 'reject' },
    });
    expect(problemOf(noReason).errors?.[0]).toMatchObject({ field: 'body.reason' });
    const tooMuch = await reviewer.request({
      method: 'PUT',
      url: `/api/redemption/submissions/${submissionId}/lines/${first.lineNo}/decision`,
      payload: { decision: 'reduce', recognised: first.netWriteOff, reason: '部分不符' },
    });
    expect(problemOf(tooMuch).errors?.[0]).toMatchObject({ field: 'body.recognised' });
    const { version } = await submission();
    const early = await bureau.post(`/api/redemption/submissions/${submissionId}/approve`, {
      version,
    });
    expect(problemOf(early).code).toBe('REDEMPTION_LINES_UNDECIDED');
    const reduced = await reviewer.request({
      method: 'PUT',
      url: `/api/redemption/submissions/${submissionId}/lines/${first.lineNo}/decision`,
      payload: {
        decision: 'reduce',
        recognised: first.netWriteOff - 1_000,
        reason: '一笔账单超出服务范围',
      },
    });
    expect(reduced.statusCode, reduced.body).toBe(200);
    const bulk = await reviewer.post(
      `/api/redemption/submissions/${submissionId}/lines/accept-clean`,
    );
    expect(bulk.json().accepted).toBe(2);
    expect(bulk.json().submission.recognisedSoFar).toBe(deductedIn2025 - 1_000);
    expect(
      (await reviewer.post(`/api/redemption/submissions/${submissionId}/approve`, { version }))
        .statusCode,
    ).toBe(403);
  });

  it('two approvals at once: exactly one takes effect', async () => {
    const { version } = await submission();
    const results = await Promise.all([
      bureau.post(`/api/redemption/submissions/${submissionId}/approve`, { version }),
      bureau.post(`/api/redemption/submissions/${submissionId}/approve`, { version }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const view = await submission();
    expect(view).toMatchObject({ status: 'bureau-approved', recognised: deductedIn2025 - 1_000 });
    expect(
      view.steps.filter((s: { action: string }) => s.action === 'bureau-approve'),
    ).toHaveLength(1);
  });

  it('the DRC returns once, then sends the aggregate; Finance pays exactly the recognised amount', async () => {
    let view = await submission();
    const back = await drc.post(`/api/redemption/submissions/${submissionId}/return`, {
      version: view.version,
      reason: '请核对企业名单',
    });
    expect(back.json().submission.status).toBe('submitted');
    view = (
      await bureau.post(`/api/redemption/submissions/${submissionId}/approve`, {
        version: back.json().submission.version,
      })
    ).json().submission;
    expect(view.status).toBe('bureau-approved');
    const aggregate = (
      await drc.get(`/api/redemption/submissions/${submissionId}/aggregate`)
    ).json();
    expect(aggregate.byEnterprise).toHaveLength(3);
    expect(
      aggregate.byStar.reduce(
        (sum: number, row: { recognised: number }) => sum + row.recognised,
        0,
      ),
    ).toBe(view.recognised);
    const xlsx = await drc.get(`/api/redemption/submissions/${submissionId}/aggregate/xlsx`);
    expect(xlsx.statusCode).toBe(200);

    const early = await finance.post(`/api/redemption/submissions/${submissionId}/payment`, {
      version: view.version,
      amount: view.recognised,
      paidOn: '2026-01-20',
      reference: 'CZ-2026-001',
    });
    expect(problemOf(early).code).toBe('REDEMPTION_WRONG_STATUS');
    view = (
      await drc.post(`/api/redemption/submissions/${submissionId}/send-to-finance`, {
        version: view.version,
      })
    ).json().submission;
    expect(view).toMatchObject({
      status: 'sent-to-finance',
      paymentDueOn: '2026-02-04',
      overdue: false,
    });
    view = (
      await finance.post(`/api/redemption/submissions/${submissionId}/finance-approve`, {
        version: view.version,
      })
    ).json().submission;
    expect(view.status).toBe('finance-approved');
    const wrong = await finance.post(`/api/redemption/submissions/${submissionId}/payment`, {
      version: view.version,
      amount: view.recognised + 1,
      paidOn: '2026-01-20',
      reference: 'CZ-2026-001',
    });
    expect(problemOf(wrong).code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect(problemOf(wrong).detail).toContain('不一致');
    const paid = await finance.post(`/api/redemption/submissions/${submissionId}/payment`, {
      version: view.version,
      amount: view.recognised,
      paidOn: '2026-01-20',
      reference: 'CZ-2026-001',
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().submission).toMatchObject({
      status: 'paid',
      payment: { amount: view.recognised, reference: 'CZ-2026-001' },
    });
    const second = await finance.post(`/api/redemption/submissions/${submissionId}/payment`, {
      version: paid.json().submission.version,
      amount: view.recognised,
      paidOn: '2026-01-21',
      reference: 'CZ-2026-002',
    });
    expect(second.statusCode).toBe(409);

    const sql = t.app.services.database.raw;
    const [moved] = await sql.query<{ paid: string }>(
      `SELECT sum(amount) AS paid FROM ledger_transfers WHERE kind = 'pay' AND destination = 'paid:2025'`,
    );
    expect(Number(moved?.paid)).toBe(view.recognised);
    expect((await verifyLedger(sql)).violations).toEqual([]);
    const steps = (await submission()).steps.map((s: { action: string }) => s.action);
    expect(steps).toEqual([
      'submit',
      'bureau-approve',
      'drc-return',
      'bureau-approve',
      'drc-send',
      'finance-approve',
      'pay',
    ]);
    await expect(sql.query(`UPDATE redemption_steps SET comment = 'x'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('the payment row names the ledger transfer that moved the money redeemed → paid', async () => {
    const sql = t.app.services.database.raw;
    const rows = await sql.query(
      `SELECT p.amount::bigint AS recorded, s.settlement_year, t.kind, t.source, t.destination,
              t.amount::bigint AS moved, t.settlement_year AS transfer_year, t.memo->>'submissionId' AS memo_submission
         FROM redemption_payments p
         JOIN redemption_submissions s ON s.id = p.submission_id
         LEFT JOIN ledger_transfers t ON t.id = p.transfer_id
        WHERE p.submission_id = $1`,
      [submissionId],
    );
    const recognised = deductedIn2025 - 1_000;
    expect(
      rows.map((row) => ({ ...row, recorded: Number(row.recorded), moved: Number(row.moved) })),
    ).toEqual([
      {
        recorded: recognised,
        settlement_year: 2025,
        kind: 'pay',
        source: 'redeemed:2025',
        destination: 'paid:2025',
        moved: recognised,
        transfer_year: 2025,
        memo_submission: submissionId,
      },
    ]);
  });

  it('migration 0018 points a payment recorded the old way (a made-up id) at its real transfer', async () => {
    const sql = t.app.services.database.raw;
    const [payment] = await sql.query<{ transfer_id: string }>(
      'SELECT transfer_id FROM redemption_payments WHERE submission_id = $1',
      [submissionId],
    );
    const realId = payment?.transfer_id as string;
    // The state the old code left: the row and the transfer's memo carry the same made-up id.
    // Both tables are append-only; this test lifts their triggers explicitly to plant it.
    const madeUp = `made-up-${submissionId}`;
    const lifted = async (statements: () => Promise<void>) => {
      await sql.query(
        'ALTER TABLE redemption_payments DISABLE TRIGGER redemption_payments_append_only',
      );
      await sql.query('ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_append_only');
      try {
        await statements();
      } finally {
        await sql.query('ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_append_only');
        await sql.query(
          'ALTER TABLE redemption_payments ENABLE TRIGGER redemption_payments_append_only',
        );
      }
    };
    await lifted(async () => {
      await sql.query('UPDATE redemption_payments SET transfer_id = $1 WHERE submission_id = $2', [
        madeUp,
        submissionId,
      ]);
      await sql.query(
        `UPDATE ledger_transfers SET memo = memo || jsonb_build_object('transferId', $1::text)
          WHERE id = $2`,
        [madeUp, realId],
      );
    });
    const repair = fs
      .readFileSync(path.join(MIGRATIONS_DIR, '0018_payment_transfer_repair.sql'), 'utf8')
      .split('--> statement-breakpoint');
    for (const statement of repair) await sql.query(statement);
    const [after] = await sql.query<{ transfer_id: string }>(
      'SELECT transfer_id FROM redemption_payments WHERE submission_id = $1',
      [submissionId],
    );
    expect(after?.transfer_id).toBe(realId);
    // The record is append-only again once the repair is done.
    await expect(
      sql.query('UPDATE redemption_payments SET reference = reference WHERE submission_id = $1', [
        submissionId,
      ]),
    ).rejects.toThrow();
    await lifted(async () => {
      await sql.query(`UPDATE ledger_transfers SET memo = memo - 'transferId' WHERE id = $1`, [
        realId,
      ]);
    });
  });

  it('the open API’s settlement of the year says what happened', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client = new YunquanClient({
      baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
      keyId: world.keyId,
      secret: world.secret,
      now: () => t.clock.now().getTime(),
    });
    const settlement = await client.raw('GET', '/settlements/2025');
    expect(settlement.status).toBe(200);
    expect(settlement.body).toMatchObject({
      year: 2025,
      status: 'paid',
      netWriteOff: deductedIn2025,
      submitted: deductedIn2025,
      recognised: deductedIn2025 - 1_000,
      paid: deductedIn2025 - 1_000,
      paymentReference: 'CZ-2026-001',
      exceptions: 1,
    });
    expect(settlement.body.documents).toHaveLength(2);
    const open = await client.raw('GET', '/settlements/2026');
    expect(open.body.status).toBe('open');
    expect((await client.raw('GET', '/settlements/2099')).status).toBe(422);
    expect((await client.raw('GET', '/settlements/20x5')).status).toBe(400);
  });

  it('the twelve months of the year add up to the package: statements and monthly reports', async () => {
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const client = new YunquanClient({
      baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
      keyId: world.keyId,
      secret: world.secret,
      now: () => t.clock.now().getTime(),
    });
    expect(packageTotals).not.toBeNull();
    const sum = { deducted: 0, reversed: 0, net: 0, reportDeducted: 0 };
    const byCategory: Record<string, number> = {};
    for (let month = 1; month <= 12; month += 1) {
      const period = `2025-${String(month).padStart(2, '0')}`;
      const statement = await client.raw('GET', `/statements/${period}`);
      expect(statement.status, period).toBe(200);
      expect(statement.body.complete).toBe(true);
      sum.deducted += statement.body.deducted;
      sum.reversed += statement.body.reversed;
      sum.net += statement.body.netWriteOff;
      for (const [category, net] of Object.entries(statement.body.byCategory as object)) {
        byCategory[category] = (byCategory[category] ?? 0) + Number(net);
      }
      // The month's operation report (part c and its control totals) agrees with its statement.
      const report = await t.app.services.monthlyReports.compute({ year: 2025, month });
      expect(report.reconciliation.ok, period).toBe(true);
      const total = report.controls.find((row) => row.star === 0);
      expect(total?.deducted, period).toBe(statement.body.deducted);
      sum.reportDeducted += total?.deducted ?? 0;
    }
    expect(sum.net).toBe(deductedIn2025);
    expect(sum.net).toBe(packageTotals?.net);
    expect(sum.deducted).toBe(packageTotals?.deducted);
    expect(sum.reversed).toBe(packageTotals?.reversed);
    expect(sum.reportDeducted).toBe(packageTotals?.deducted);
    for (const [category, net] of Object.entries(packageTotals?.byCategory ?? {})) {
      expect(byCategory[category] ?? 0, category).toBe(net);
    }
    // January 2026's bill is the next year's: in its month, not in the 2025 package.
    const january = await client.raw('GET', '/statements/2026-01');
    expect(january.body.netWriteOff).toBe(7_000);
  });
});
