/**
 * A report whose control totals do not reconcile with the ledger cannot be submitted. The
 * ledger is broken on purpose two ways — a transfer appended without moving the tranche's
 * running balance, and (trigger disabled explicitly) an existing transfer's amount edited —
 * and the refusal names the star level and the difference; nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { problemOf } from '../helpers/accounts.js';
import { buildReportWorld, FULL_USAGE, type ReportWorld } from './world.js';

// Submissions render a PDF with embedded fonts: seconds each on a loaded two-core machine.
vi.setConfig({ testTimeout: 120_000 });

let w: ReportWorld;

beforeAll(async () => {
  w = await buildReportWorld();
  const { creditCode } = await w.world.enterpriseWithVoucher(4);
  await w.bill(creditCode, 123_45);
  await w.at('2026-01-20T02:00:00.000Z');
  const saved = await w.staff.request({
    method: 'PUT',
    url: '/api/monthly-reports/2026-01',
    payload: FULL_USAGE,
  });
  expect(saved.statusCode).toBe(200);
  await w.at('2026-02-03T02:00:00.000Z');
}, 180_000);
afterAll(() => w.t.close());

const sql = () => w.t.db.database.raw;

async function expectRefused(star: string, difference: string) {
  const response = await w.admin.post('/api/monthly-reports/2026-01/submit');
  expect(response.statusCode, response.body).toBe(422);
  const problem = problemOf(response);
  expect(problem.code).toBe('MONTHLY_REPORT_UNRECONCILED');
  expect(problem.detail).toContain(star);
  expect(problem.detail).toContain(difference);
  const rounds = await sql().query('SELECT 1 FROM monthly_report_rounds');
  expect(rounds).toHaveLength(0);
  const [report] = await sql().query<{ status: string }>(
    "SELECT status FROM monthly_reports WHERE month = '2026-01'",
  );
  expect(report?.status).toBe('draft');
}

describe('reconciliation refuses a broken ledger', () => {
  it('a deduct transfer written without moving the tranche balance', async () => {
    const [tranche] = await sql().query<{ id: string; voucher_id: string }>(
      'SELECT id, voucher_id FROM voucher_tranches ORDER BY seq LIMIT 1',
    );
    await sql().query(
      `INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
         voucher_id, tranche_id, settlement_year)
       VALUES ('bad-1', 'deduct', $1, 'redeemed:2026', 1, '2026-01-21T00:00:00Z', $2, $3, 2026)`,
      [`tranche:${tranche?.id}`, tranche?.voucher_id, tranche?.id],
    );
    await expectRefused('四星级', '差额 -¥0.01');
    // The preview shows the same discrepancy to the operator before it tries to submit.
    const preview = (await w.staff.get('/api/monthly-reports/2026-01')).json();
    expect(preview.parts.reconciliation.ok).toBe(false);
    expect(preview.parts.reconciliation.discrepancies).toContainEqual({
      star: 4,
      what: 'closing',
      difference: -1,
    });
  });

  it('an existing transfer edited behind the append-only trigger', async () => {
    // Undo the first break the only way an append-only ledger allows: with the trigger off.
    await sql().query('ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_append_only');
    try {
      await sql().query("DELETE FROM ledger_transfers WHERE id = 'bad-1'");
      // Now the real deduction is made to look 1.00 yuan larger.
      await sql().query(
        "UPDATE ledger_transfers SET amount = amount + 100 WHERE kind = 'deduct' AND id <> 'bad-1'",
      );
    } finally {
      await sql().query('ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_append_only');
    }
    await expectRefused('四星级', '差额 -¥1.00');
  });

  it('once the ledger is repaired, the same report is accepted', async () => {
    await sql().query('ALTER TABLE ledger_transfers DISABLE TRIGGER ledger_transfers_append_only');
    try {
      await sql().query("UPDATE ledger_transfers SET amount = amount - 100 WHERE kind = 'deduct'");
    } finally {
      await sql().query('ALTER TABLE ledger_transfers ENABLE TRIGGER ledger_transfers_append_only');
    }
    const response = await w.admin.post('/api/monthly-reports/2026-01/submit');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().parts.reconciliation).toEqual({ ok: true, discrepancies: [] });
  });
});
