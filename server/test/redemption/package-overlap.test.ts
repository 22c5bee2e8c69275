/**
 * The package build writes the write-off detail while the lines are still being made, and the
 * sheets that need the lines — 兑付汇总's totals above all — only once every line is in
 * (D-redemption-overlap-1). Whichever side finishes first, the workbook is the same: the lines
 * are held back until the detail has been read to its end (a build that waited for the lines
 * before starting the detail never gets there), then the detail is held back until the lines
 * are all in (a build that wrote the sheets from the lines when the detail ended would show
 * missing lines and wrong totals). The progress, as written, only goes forward, and is 100 at
 * the end.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawSql } from '../../src/db/client.js';
import { ManualClock } from '../../src/domain/clock.js';
import { signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let staff: TestClient;
let order = 0;
let ledgerNetFen = 0;
let detailRows = 0;
let grantedFen = 0;

const sql = () => t.app.services.database.raw;
const caller = () => ({ clientId: world.clientId, operatorId: world.operatorId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a held-back side waits for the other before the test calls the build stuck. */
const STUCK_MS = 8_000;

async function deduct(creditCode: string, amount: number, category = 'compute') {
  ledgerNetFen += amount;
  detailRows += 1;
  return sql().transaction((tx) =>
    t.app.services.ledger.deduct(
      tx,
      { orderNo: `OV-${++order}`, creditCode, category, amount },
      caller(),
    ),
  );
}

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2025-06-01T02:00:00Z') });
  world = await buildVoucherWorld(t.app, 2025);
  const codes: string[] = [];
  for (const star of [3, 4, 5] as const) {
    codes.push((await world.enterpriseWithVoucher(star)).creditCode);
  }
  t.clock.advance(3_600_000);
  let reversible = '';
  for (let k = 0; k < 9; k++) {
    const made = await deduct(
      codes[k % 3] ?? '',
      10_000 + k * 1_234,
      k % 2 ? 'storage' : 'compute',
    );
    if (k === 4) reversible = made.deductionId;
    t.clock.advance(60_000);
  }
  await sql().transaction((tx) =>
    t.app.services.ledger.reverse(tx, {
      ...caller(),
      deductionId: reversible,
      amount: 5_000,
      reason: '账单调整',
    }),
  );
  ledgerNetFen -= 5_000;
  detailRows += 1;
  const [granted] = await sql().query<{ sum: string }>('SELECT sum(amount) AS sum FROM vouchers');
  grantedFen = Number(granted?.sum);
  t.clock.set('2026-01-05T02:00:00Z');
  staff = (await signedInAs(t.app, 'operator_staff')).client;
}, 120_000);
afterAll(() => t.close());

type Side = 'lines' | 'detail';

/** What a statement of the build is, from its text. */
function sideOf(text: string): Side | 'progress' | null {
  if (text.includes('WITH used AS')) return 'lines';
  if (/ORDER BY [dr]\.created_at, [dr]\.id LIMIT/.test(text)) return 'detail';
  if (text.startsWith('UPDATE redemption_builds SET progress')) return 'progress';
  return null;
}

/**
 * Builds the year with one side held back until the other has read its last page (the lines:
 * a page with no vouchers; the detail: its reversals' page), recording the progress as each
 * update lands.
 */
async function buildHoldingBack(heldBack: Side) {
  const raw = sql() as RawSql & { query: RawSql['query'] };
  const query = raw.query;
  let released!: () => void;
  const otherSideDone = new Promise<void>((resolve) => {
    released = resolve;
  });
  let stuck = false;
  const landed: number[] = [];
  raw.query = (async (text: string, params?: unknown[], options?: unknown) => {
    const side = sideOf(text);
    if (side === heldBack) {
      const waited = await Promise.race([
        otherSideDone.then(() => sleep(50)).then(() => 'released' as const),
        sleep(STUCK_MS).then(() => 'stuck' as const),
      ]);
      if (waited === 'stuck') stuck = true;
    }
    const rows = await (query as (...a: unknown[]) => Promise<unknown[]>).call(
      raw,
      text,
      params,
      options,
    );
    if (side === 'progress') landed.push(Number(params?.[1]));
    const lastPage =
      (side === 'lines' && rows.length === 0) ||
      (side === 'detail' && text.includes('r.created_at'));
    if (side !== null && side !== heldBack && lastPage) released();
    return rows;
  }) as RawSql['query'];
  try {
    const started = await staff.post('/api/redemption/years/2025/builds', { kind: 'final' });
    expect(started.statusCode, started.body).toBe(202);
    const build = await t.app.services.redemptionPackage.waitFor(started.json().build.id);
    return { build, landed, stuck };
  } finally {
    raw.query = query;
  }
}

async function workbookOf(fileId: string | undefined) {
  const file = await t.app.services.files.get(fileId ?? '');
  if (!file) throw new Error('no workbook stored');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await t.app.services.files.readAll(file)) as unknown as ArrayBuffer);
  return book;
}

/** Every sheet's cells, as values, by sheet name. */
function cellsOf(book: ExcelJS.Workbook): Record<string, unknown[][]> {
  const sheets: Record<string, unknown[][]> = {};
  for (const sheet of book.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      rows.push(Array.isArray(row.values) ? row.values.slice(1) : []);
    });
    sheets[sheet.name] = rows;
  }
  return sheets;
}

/** The 合计 row's figures of a sheet (the row whose first cell says 合计). */
function totalRow(book: ExcelJS.Workbook, name: string): unknown[] {
  let found: unknown[] = [];
  book.getWorksheet(name)?.eachRow((row) => {
    if (row.getCell(1).value === '合计' && Array.isArray(row.values)) found = row.values.slice(1);
  });
  return found;
}

describe('package build, detail beside the lines', () => {
  const books: Partial<Record<Side, ExcelJS.Workbook>> = {};

  for (const heldBack of ['lines', 'detail'] as const) {
    it(`is complete and in order when the ${heldBack === 'lines' ? 'lines finish' : 'detail finishes'} last`, async () => {
      const { build, landed, stuck } = await buildHoldingBack(heldBack);
      // Held back until the other side had read its last page: a build where this side must
      // finish before the other starts would wait here until STUCK_MS.
      expect(stuck, `the ${heldBack} waited for the other side to finish first`).toBe(false);
      expect(build.status, build.errorCode ?? '').toBe('done');
      expect(build.progress).toBe(100);
      expect(build.netWriteOff).toBe(ledgerNetFen);
      expect(build.voucherCount).toBe(3);
      expect(build.transferCount).toBe(detailRows);

      const book = await workbookOf(build.workbook?.fileId);
      books[heldBack] = book;
      expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
        '兑付汇总',
        '资源券发放明细',
        '核销明细',
        '企业使用汇总',
        '核查异常',
      ]);
      // The totals (from the lines) are those of every line, and agree with the detail.
      const yuan = (fen: number) => fen / 100;
      expect(totalRow(book, '兑付汇总').slice(0, 5)).toEqual([
        '合计',
        3,
        yuan(ledgerNetFen + 5_000),
        yuan(5_000),
        yuan(ledgerNetFen),
      ]);
      expect(totalRow(book, '核销明细')[6]).toBe(yuan(ledgerNetFen));
      expect(totalRow(book, '资源券发放明细')[5]).toBe(yuan(grantedFen));
      expect(totalRow(book, '企业使用汇总')[8]).toBe(yuan(ledgerNetFen));
      const detail = book.getWorksheet('核销明细');
      let written = 0;
      detail?.eachRow((row, number) => {
        if (number > 3 && /^\d{4}-\d\d-\d\d /.test(String(row.getCell(1).value))) written += 1;
      });
      expect(written).toBe(detailRows);

      // Only forward, as it landed, and the last before done is the workbook written (95).
      expect(landed.length).toBeGreaterThan(2);
      for (let k = 1; k < landed.length; k++) {
        expect(landed[k], landed.join(' → ')).toBeGreaterThan(landed[k - 1] ?? 0);
      }
      expect(landed.at(-1)).toBe(95);
    }, 60_000);
  }

  it('writes the same workbook whichever side finishes first', () => {
    const { lines, detail } = books;
    if (!lines || !detail) throw new Error('both builds first');
    expect(cellsOf(lines)).toEqual(cellsOf(detail));
  });
});
