/**
 * Formula injection (issue 10 §1.10): text that begins with =, +, -, @, a tab or a carriage
 * return leaves every Excel export with a leading apostrophe, one test per exporter. Amounts stay
 * numbers (a negative reversal is a number, not text).
 */
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { escapeSpreadsheetText } from '../../src/lib/spreadsheet-cells.js';
import { usageWorkbook } from '../../src/modules/ledger/usage.export.js';
import {
  starListExport,
  starListTemplate,
} from '../../src/modules/star-lists/star-list.workbooks.js';
import { supervisionWorkbook } from '../../src/modules/supervision/supervision.export.js';
import type { EnterpriseFlowRow } from '../../src/modules/supervision/supervision.query.js';
import type { FlowOverview } from '../../src/modules/supervision/supervision.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld } from '../helpers/voucher-world.js';

const HOSTILE = [
  '=HYPERLINK("http://evil.example","点此")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1,1)',
  '\t=1+1',
  '\r=1+1',
];
/** Those that survive an .xlsx round trip unchanged (a carriage return is stored encoded). */
const ROUND_TRIP = HOSTILE.slice(0, 5);
const FORMULA = '=HYPERLINK("http://evil.example","点此")';
const MINUS = '-2+3';

async function textCells(buffer: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') texts.push(cell.value);
      }),
    ),
  );
  return texts;
}

function expectNoFormulaStart(texts: string[]) {
  expect(texts.filter((text) => /^[=+\-@\t\r]/.test(text))).toEqual([]);
}

it('escapeSpreadsheetText', () => {
  for (const text of HOSTILE) expect(escapeSpreadsheetText(text)).toBe(`'${text}`);
  for (const text of ['海安精工', '91320685MA2000001M', '', "'已转义", '第1期']) {
    expect(escapeSpreadsheetText(text)).toBe(text);
  }
});

it('star-list export', async () => {
  async function* pages() {
    yield HOSTILE.map((name, index) => ({
      seqNo: index + 1,
      city: '南通市',
      county: '@海安',
      enterpriseName: name,
      creditCode: '91320685MA2000001M',
      star: 3,
      listYear: 2025,
      batchNo: 1,
      batchStatus: 'published' as const,
    }));
  }
  const texts = await textCells(await starListExport(pages(), new Date()));
  expectNoFormulaStart(texts);
  for (const name of ROUND_TRIP) expect(texts).toContain(`'${name}`);
  expect(texts).toContain("'@海安");
});

it('star-list template', async () => {
  expectNoFormulaStart(await textCells(await starListTemplate(100, new Date())));
});

it('supervision workbook', async () => {
  const rows = HOSTILE.map(
    (name, index): EnterpriseFlowRow => ({
      entryId: `e${index}`,
      seqNo: index + 1,
      batchNo: 1,
      county: '-海安',
      enterpriseName: name,
      creditCode: '91320685MA2000001M',
      star: 4,
      stage: 'notCertified',
      claimId: null,
      voucherId: null,
      grantedAt: null,
      amount: 0,
      used: 0,
      voided: 0,
      available: 0,
      pending: 0,
    }),
  );
  const overview = {
    listYear: 2025,
    asOf: new Date().toISOString(),
    plan: {
      plan: { title: '=2025 年度计划' },
      budget: { total: 1, granted: 0, remaining: 1, needAhead: 0 },
    },
    list: { published: rows.length },
    stages: { notCertified: rows.length },
    vouchers: { count: 0, amount: 0, used: 0, voided: 0, available: 0, pending: 0 },
    writeOffs: { bills: 0, reversed: 0, byMonth: [] },
  } as unknown as FlowOverview;
  const texts = await textCells(await supervisionWorkbook(overview, rows, 'Asia/Shanghai'));
  expectNoFormulaStart(texts);
  for (const name of ROUND_TRIP) expect(texts).toContain(`'${name}`);
  expect(texts).toContain("'=2025 年度计划");
});

describe('enterprise usage workbook', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('escapes a bill description and a reversal reason sent by the billing system', async () => {
    const world = await buildVoucherWorld(t.app);
    const { creditCode, enterpriseId } = await world.enterpriseWithVoucher(3);
    const api = new YunquanClient({
      baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
      keyId: world.keyId,
      secret: world.secret,
      now: () => t.clock.now().getTime(),
    });
    const deduction = await api.deduct({
      orderNo: 'FORMULA-1',
      creditCode,
      category: 'compute',
      amount: 1_000,
      description: FORMULA,
    });
    await api.reverse(deduction.deductionId, 100, MINUS);
    const buffer = await usageWorkbook(
      t.app.services.database.raw,
      enterpriseId,
      t.clock.now(),
      'Asia/Shanghai',
    );
    const texts = await textCells(buffer);
    expectNoFormulaStart(texts);
    expect(texts).toContain(`'${FORMULA}`);
    expect(texts.some((text) => text.startsWith(`'${MINUS}`))).toBe(true);
  });
});
