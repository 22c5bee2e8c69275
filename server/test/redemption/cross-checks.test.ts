/**
 * Every cross-check of the redemption package fires (issue 8 §3): one enterprise per check, each
 * with a bad row written directly into the tables the package reads (what a faulty import, a
 * hand edit or a bug elsewhere could leave), and one clean enterprise that must stay clean. The
 * anomaly flags are shown the same way with real bills: they are patterns, not rule breaches.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let staff: TestClient;
let order = 0;
const who: Record<string, { creditCode: string; enterpriseId: string }> = {};

const caller = () => ({ clientId: world.clientId, operatorId: world.operatorId });
const sql = () => t.app.services.database.raw;

async function deduct(creditCode: string, amount: number, category = 'compute') {
  return sql().transaction((tx) =>
    t.app.services.ledger.deduct(
      tx,
      { orderNo: `XC-${++order}`, creditCode, category, amount },
      caller(),
    ),
  );
}

async function reverse(deductionId: string, amount: number) {
  return sql().transaction((tx) =>
    t.app.services.ledger.reverse(tx, { ...caller(), deductionId, amount, reason: '账单调整' }),
  );
}

async function voucherOf(creditCode: string): Promise<string> {
  const [row] = await sql().query<{ id: string }>(
    'SELECT id FROM vouchers WHERE credit_code = $1',
    [creditCode],
  );
  if (!row) throw new Error(`no voucher for ${creditCode}`);
  return row.id;
}

const SCENARIOS = [
  'clean',
  'NOT_ON_LIST',
  'STAR_AMOUNT_MISMATCH',
  'OUTSIDE_TRANCHE_WINDOW',
  'CATEGORY_NOT_ELIGIBLE',
  'OVERSPEND',
  'REVERSAL_EXCEEDS_DEDUCTION',
  'LATE_SPEND',
  'ROUND_AMOUNT_BURST',
  'NEAR_BALANCE',
] as const;

let lines: Map<string, { exceptionCodes: string[]; warningCodes: string[] }>;
let build: Awaited<ReturnType<TestApp['app']['services']['redemptionPackage']['waitFor']>>;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2025-06-01T02:00:00Z') });
  world = await buildVoucherWorld(t.app, 2025);
  // Three-star vouchers: ¥10,000, of which ¥7,000 in the first tranche (from today, 12 months).
  for (const name of SCENARIOS) who[name] = await world.enterpriseWithVoucher(3);
  await sql().query(
    `INSERT INTO star_list_batches (id, list_year, batch_no, title, status, entry_count,
       imported_by, imported_at, published_by, published_at)
     VALUES ('xc-batch', 2025, 1, '2025 名单', 'published', 0, 'test', now(), 'test', now())`,
  );
  let seq = 0;
  for (const name of SCENARIOS.filter((scenario) => scenario !== 'NOT_ON_LIST')) {
    await sql().query(
      `INSERT INTO star_list_entries (id, batch_id, list_year, seq_no, city, county,
         enterprise_name, credit_code, star)
       SELECT $1, 'xc-batch', 2025, $2, '南通市', '海安市', o.name, o.credit_code, 3
         FROM organisations o WHERE o.id = $3`,
      [`xc-entry-${++seq}`, seq, who[name]?.enterpriseId],
    );
  }
  t.clock.advance(3_600_000);
  const code = (name: (typeof SCENARIOS)[number]) => who[name]?.creditCode ?? '';

  // Ordinary use: a bill or two, nothing unusual.
  await deduct(code('clean'), 123_400);
  await deduct(code('clean'), 56_700, 'storage');
  await deduct(code('NOT_ON_LIST'), 80_000);

  // The voucher's amount no longer matches its star's tier (¥10,000).
  await deduct(code('STAR_AMOUNT_MISMATCH'), 50_000);
  await sql().query('UPDATE vouchers SET amount = 1234500 WHERE id = $1', [
    await voucherOf(code('STAR_AMOUNT_MISMATCH')),
  ]);

  // A bill dated before its tranche became usable.
  const early = await deduct(code('OUTSIDE_TRANCHE_WINDOW'), 40_000);
  await sql().query(`UPDATE deductions SET created_at = '2025-05-01T02:00:00Z' WHERE id = $1`, [
    early.deductionId,
  ]);

  // A bill of a category the policy does not allow.
  const gaming = await deduct(code('CATEGORY_NOT_ELIGIBLE'), 30_000);
  await sql().query(`UPDATE deductions SET category = 'gaming' WHERE id = $1`, [
    gaming.deductionId,
  ]);

  // More drawn from the voucher than it holds: a stray ledger write-off of ¥5,000 on top of a
  // ¥6,000 bill, against ¥10,000.
  await deduct(code('OVERSPEND'), 600_000);
  await sql().query(
    `INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
       voucher_id, tranche_id, settlement_year)
     SELECT 'xc-overspend', 'deduct', 'tranche:' || id, 'redeemed:2025', 500000, $2, voucher_id,
            id, 2025
       FROM voucher_tranches WHERE voucher_id = $1 AND seq = 1`,
    [await voucherOf(code('OVERSPEND')), t.clock.now()],
  );

  // A reversal recorded as larger than the bill it undoes.
  const reversed = await deduct(code('REVERSAL_EXCEEDS_DEDUCTION'), 100_000);
  await reverse(reversed.deductionId, 50_000);
  await sql().query(
    `UPDATE reversals SET amount = amount + 200000, restored = restored + 200000
      WHERE deduction_id = $1`,
    [reversed.deductionId],
  );

  // Flags with real bills. Late spending: the first tranche ends in four days (written
  // directly, so the year holds its last days) and 60 % of it goes now.
  await sql().query(
    `UPDATE voucher_tranches SET expires_at = $2 WHERE voucher_id = $1 AND seq = 1`,
    [await voucherOf(code('LATE_SPEND')), new Date(t.clock.now().getTime() + 4 * 86_400_000)],
  );
  await deduct(code('LATE_SPEND'), 420_000);
  // Three bills of ¥1,000 each on one day.
  for (let bill = 0; bill < 3; bill += 1) await deduct(code('ROUND_AMOUNT_BURST'), 100_000);
  // Twice a bill that leaves under 5 % of the balance: ¥6,800 of ¥7,000, then after a
  // reversal gives ¥6,000 back, ¥5,950 of ¥6,200.
  const first = await deduct(code('NEAR_BALANCE'), 680_000);
  await reverse(first.deductionId, 600_000);
  await deduct(code('NEAR_BALANCE'), 595_000);

  // The clean line's numbers are what the others are checked against: no flag.
  t.clock.set('2026-01-05T02:00:00Z');
  staff = (await signedInAs(t.app, 'operator_staff')).client;
}, 120_000);
afterAll(() => t.close());

async function finalBuild() {
  const started = await staff.post('/api/redemption/years/2025/builds', { kind: 'final' });
  expect(started.statusCode, started.body).toBe(202);
  return t.app.services.redemptionPackage.waitFor(started.json().build.id);
}

async function linesOf(buildId: string) {
  const response = await staff.get(`/api/redemption/builds/${buildId}/lines?limit=100`);
  expect(response.statusCode, response.body).toBe(200);
  const byCode = new Map<string, { exceptionCodes: string[]; warningCodes: string[] }>();
  for (const line of response.json().lines) byCode.set(line.creditCode, line);
  return byCode;
}

/** The codes listed in the workbook's 核查异常 sheet. */
async function checkSheetCodes(buildId: string): Promise<string[]> {
  const xlsx = await staff.get(`/api/redemption/builds/${buildId}/documents/xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const codes: string[] = [];
  workbook.getWorksheet('核查异常')?.eachRow((row) => codes.push(String(row.getCell(4).value)));
  return codes;
}

describe('the package’s cross-checks', () => {
  it('builds, with every line of the year', async () => {
    build = await finalBuild();
    expect(build.status, build.errorCode ?? '').toBe('done');
    lines = await linesOf(build.id);
    expect(lines.size).toBe(SCENARIOS.length);
  });

  it('leaves an ordinary enterprise clean', () => {
    expect(lines.get(who.clean?.creditCode ?? '')).toMatchObject({
      exceptionCodes: [],
      warningCodes: [],
    });
  });

  it.each([
    'NOT_ON_LIST',
    'STAR_AMOUNT_MISMATCH',
    'OUTSIDE_TRANCHE_WINDOW',
    'CATEGORY_NOT_ELIGIBLE',
    'OVERSPEND',
    'REVERSAL_EXCEEDS_DEDUCTION',
  ] as const)('finds %s on its line, and only there', (code) => {
    expect(lines.get(who[code]?.creditCode ?? '')?.exceptionCodes).toEqual([code]);
    for (const [creditCode, line] of lines) {
      if (creditCode !== who[code]?.creditCode) expect(line.exceptionCodes).not.toContain(code);
    }
  });

  it.each(['LATE_SPEND', 'ROUND_AMOUNT_BURST', 'NEAR_BALANCE'] as const)(
    'flags %s as a warning on its line only, not as an exception',
    (code) => {
      expect(lines.get(who[code]?.creditCode ?? '')).toMatchObject({
        exceptionCodes: [],
        warningCodes: [code],
      });
      for (const [creditCode, line] of lines) {
        if (creditCode !== who[code]?.creditCode) expect(line.warningCodes).not.toContain(code);
      }
    },
  );

  it('counts exceptions, not warnings, and lists both in 核查异常', async () => {
    // Six lines, one exception each.
    expect(build.exceptionCount).toBe(6);
    const codes = await checkSheetCodes(build.id);
    for (const code of ['NOT_ON_LIST', 'OVERSPEND', 'LATE_SPEND', 'NEAR_BALANCE']) {
      expect(codes).toContain(code);
    }
  });

  it('finds TOTALS_MISMATCH when the ledger holds a write-off no voucher line explains', async () => {
    await sql().query(
      `INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
         settlement_year)
       VALUES ('xc-stray', 'deduct', 'tranche:stray', 'redeemed:2025', 777, '2025-07-01', 2025)`,
    );
    const again = await finalBuild();
    expect(again.status).toBe('done');
    expect(again.totals?.ledgerNet).toBe((again.totals?.net ?? 0) + 777);
    expect(again.exceptionCount).toBe(7);
    expect(await checkSheetCodes(again.id)).toContain('TOTALS_MISMATCH');
  });
});
