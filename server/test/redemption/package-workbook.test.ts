/**
 * The package workbook's detail sheets (核销明细 …（续N）) are written as XML straight into
 * exceljs's streaming sheet (D-redemption-xml-1): every row must read back as exceljs's own
 * writer leaves it — same sheets, rows, values, types, number formats and fonts — and as the
 * write-offs say: the time in the zone, the type, the texts escaped against formula injection
 * and for XML (markup characters, the control characters XML cannot hold), the signed amount in
 * yuan with its money format; the 合计 and the footer after the last row of the last sheet.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedemptionException } from '../../src/domain/redemption-anomalies.js';
import { localDateString } from '../../src/domain/time.js';
import { escapeSpreadsheetText } from '../../src/lib/spreadsheet-cells.js';
import {
  detailTimeFormatter,
  xmlText,
  yuanText,
} from '../../src/modules/redemption/package.detail-rows.js';
import {
  type PackageHeading,
  type PackageLine,
  type PackageTotals,
  PackageWorkbook,
  writePackageWorkbook,
} from '../../src/modules/redemption/package.documents.js';
import type { WriteOffEvent } from '../../src/modules/redemption/package.query.js';

const ROWS = 2_500;
const PER_SHEET = 1_000;
const TIME_ZONE = 'Asia/Shanghai';
/** The categories' names as the sheets show them (an unknown category shows its code). */
const CATEGORY_NAMES: Record<string, string> = {
  compute: '计算资源',
  storage: '存储资源',
  network: '网络资源',
  security: '安全防护',
};

/** Texts a bill or an enterprise could carry: formula starts, markup, controls, astral, blank. */
const AWKWARD = [
  '=HYPERLINK("http://x","y")',
  '+86 513',
  '-1',
  '@SUM(A1)',
  '\tTab',
  '\rCR',
  'A & B <c> "q" \'s\'',
  'ctl\u0001\u0008\u000b\u000c\u001f\u007fx',
  'line\nbreak',
  '  spaced  ',
  '',
  '𠀀𪚥 astral',
  'x]]>y',
  '海安测试企业有限公司',
];
const CATEGORIES = ['compute', 'storage', 'network', 'security', 'unknown<&>', '=evil'];

const heading: PackageHeading = {
  year: 2026,
  kind: 'final',
  asOf: new Date('2026-12-31T16:00:00Z'),
  timeZone: TIME_ZONE,
  operatorName: '海安云平台服务方 <&>',
  generatedAt: new Date('2027-01-10T02:00:00Z'),
};
const totals: PackageTotals = {
  byStar: { '3': { vouchers: 2, deducted: 1_000, reversed: 10, net: 990 } },
  byCategory: { compute: 990 },
  net: 990,
  deducted: 1_000,
  reversed: 10,
  vouchers: 2,
  ledgerNet: 990,
};

function event(i: number): WriteOffEvent {
  const reversal = i % 7 === 0;
  // Across the year, midnights and the year's first and last seconds included.
  const at =
    i === 1
      ? Date.parse('2025-12-31T16:00:00Z')
      : i === 2
        ? Date.parse('2026-12-31T15:59:59Z')
        : Date.UTC(2025, 11, 31, 16) + i * 12_345_678;
  return {
    type: reversal ? 'reversal' : 'deduction',
    id: `id-${i}`,
    at,
    atMicros: `${at * 1000}`,
    orderNo:
      i % 3 === 0 ? (AWKWARD[i % AWKWARD.length] ?? '') : `HAC${String(i).padStart(12, '0')}`,
    creditCode: i % 11 === 0 ? '=1+1' : `91320621${String(i).padStart(9, '0')}X`,
    enterpriseName: AWKWARD[(i * 5) % AWKWARD.length] ?? '',
    category: CATEGORIES[i % CATEGORIES.length] ?? 'compute',
    // Fen: 1 fen, whole yuan, large amounts.
    amount: i % 13 === 0 ? 1 : i % 17 === 0 ? 100_000_000 : 1 + ((i * 7_919) % 6_300_000),
    deductionId: `00000000-0000-4000-b000-${String(i).padStart(12, '0')}`,
    tranches: i % 4 === 0 ? '第1期、第2期' : i % 5 === 0 ? '' : '第1期',
  };
}

const events = Array.from({ length: ROWS }, (_, k) => event(k + 1));

async function* pages(): AsyncIterable<readonly WriteOffEvent[]> {
  for (let k = 0; k < events.length; k += 700) yield events.slice(k, k + 700);
}

async function* lines(): AsyncIterable<PackageLine> {
  for (let n = 1; n <= 3; n++) {
    yield {
      lineNo: n,
      voucherId: `v-${n}`,
      creditCode: `9132062100000000${n}X`,
      enterpriseName: AWKWARD[n] ?? '',
      star: 3 + (n % 3),
      listYear: 2026,
      amount: 1_000_000 * n,
      grantedAt: new Date(Date.UTC(2026, 0, n)),
      deducted: 300 * n,
      reversed: n,
      net: 300 * n - n,
      voided: 0,
      balance: 1_000_000 * n - 300 * n + n,
      exceptions: n === 2 ? (['NOT_ON_LIST'] as RedemptionException[]) : [],
      warnings: [],
    };
  }
}

let directory: string;
const written = {} as Record<'direct' | 'exceljs', { book: ExcelJS.Workbook }>;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-package-workbook-'));
  for (const way of ['direct', 'exceljs'] as const) {
    const file = path.join(directory, `${way}.xlsx`);
    await writePackageWorkbook(file, heading, totals, [], lines, pages, () => {}, {
      directDetailRows: way === 'direct',
      rowsPerDetailSheet: PER_SHEET,
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    written[way] = { book };
  }
});

afterAll(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

describe('package workbook, detail written directly', () => {
  it('reads back cell by cell as exceljs writes it: sheets, rows, values, types, formats', () => {
    const direct = written.direct.book;
    const reference = written.exceljs.book;
    expect(direct.worksheets.map((sheet) => sheet.name)).toEqual(
      reference.worksheets.map((sheet) => sheet.name),
    );
    expect(direct.worksheets.map((sheet) => sheet.name)).toEqual([
      '兑付汇总',
      '资源券发放明细',
      '核销明细',
      '核销明细（续2）',
      '核销明细（续3）',
      '企业使用汇总',
      '核查异常',
    ]);
    let cells = 0;
    for (const sheet of reference.worksheets) {
      const other = direct.getWorksheet(sheet.name);
      expect(other, sheet.name).toBeDefined();
      expect(other?.rowCount, sheet.name).toBe(sheet.rowCount);
      expect(
        other?.columns.map((c) => [c.width, c.numFmt]),
        sheet.name,
      ).toEqual(sheet.columns.map((c) => [c.width, c.numFmt]));
      expect(other?.views, sheet.name).toEqual(sheet.views);
      expect(Object.keys(other?.model.merges ?? {})).toEqual(Object.keys(sheet.model.merges ?? {}));
      sheet.eachRow({ includeEmpty: true }, (row, number) => {
        const twin = other?.getRow(number);
        expect(twin?.cellCount, `${sheet.name} row ${number}`).toBe(row.cellCount);
        row.eachCell({ includeEmpty: true }, (cell, column) => {
          const mine = twin?.getCell(column);
          const where = `${sheet.name}!${cell.address}`;
          expect(mine?.value, where).toEqual(cell.value);
          expect(mine?.type, where).toBe(cell.type);
          expect(mine?.numFmt, where).toBe(cell.numFmt);
          expect(mine?.font, where).toEqual(cell.font);
          cells += 1;
        });
      });
    }
    expect(cells).toBeGreaterThan(ROWS * 8);
  });

  it('every detail row says what its write-off says, escaped, with the money format', () => {
    const book = written.direct.book;
    const time = detailTimeFormatter(TIME_ZONE);
    const sheets = ['核销明细', '核销明细（续2）', '核销明细（续3）'].map((name) => {
      const sheet = book.getWorksheet(name);
      if (!sheet) throw new Error(name);
      return sheet;
    });
    // What an XML reader gives back for a text: controls gone, CR read as LF (XML's line ends).
    const readBack = (value: string) =>
      xmlText(value)
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/\r\n?/g, '\n');
    const textOf = (value: string) => readBack(escapeSpreadsheetText(value));
    let net = 0;
    events.forEach((e, k) => {
      const sheet = sheets[Math.floor(k / PER_SHEET)];
      const row = sheet?.getRow(4 + (k % PER_SHEET));
      const signed = e.type === 'deduction' ? e.amount : -e.amount;
      net += signed;
      const where = `${sheet?.name} row ${row?.number}`;
      const expected = [
        time(e.at),
        e.type === 'deduction' ? '核销' : '冲正',
        textOf(e.orderNo),
        textOf(e.creditCode),
        textOf(e.enterpriseName),
        CATEGORY_NAMES[e.category] ?? textOf(e.category),
        signed / 100,
        e.tranches,
        e.type === 'reversal' ? e.deductionId : '',
      ];
      expected.forEach((value, k) => {
        const cell = row?.getCell(k + 1);
        // An empty text reads back as an empty cell (with either writer).
        expect(cell?.value, `${where} column ${k + 1}`).toEqual(value === '' ? null : value);
        if (value !== '') {
          expect(cell?.type, `${where} column ${k + 1}`).toBe(
            typeof value === 'number' ? ExcelJS.ValueType.Number : ExcelJS.ValueType.String,
          );
        }
      });
      expect(row?.getCell(7).numFmt, where).toBe('#,##0.00');
    });
    // Nothing a formula could start with survives unescaped in a text cell.
    for (const sheet of sheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && cell.address[0] !== 'A') {
            expect(cell.value, cell.address).not.toMatch(/^[=+\-@\t\r]/);
          }
        });
      });
    }
    // The last sheet ends with the 合计 of every row, a blank row and the five footer lines.
    const last = sheets[2];
    const sumRow = last?.getRow(4 + ((ROWS - 1) % PER_SHEET) + 1);
    expect(sumRow?.getCell(1).value).toBe('合计');
    expect(sumRow?.getCell(7).value).toBe(net / 100);
    expect(sumRow?.getCell(7).numFmt).toBe('#,##0.00');
    expect(sumRow?.font?.bold).toBe(true);
    const footer = [1, 2, 3, 4, 5].map(
      (k) => last?.getRow((sumRow?.number ?? 0) + 1 + k).getCell(1).value,
    );
    expect(footer).toEqual([
      '填报单位（盖章）：海安云平台服务方 <&>',
      '填表人：',
      '审核人：',
      '联系电话：',
      '日期：2027-01-10',
    ]);
    expect(last?.rowCount).toBe((sumRow?.number ?? 0) + 6);
    // The earlier sheets end at their last row: no 合计 there.
    expect(sheets[0]?.rowCount).toBe(3 + PER_SHEET);
    expect(sheets[1]?.rowCount).toBe(3 + PER_SHEET);
  });

  it('writes the text of each cell as exceljs would (xmlText is exceljs’s encoding)', () => {
    expect(xmlText('plain 文本')).toBe('plain 文本');
    expect(xmlText('<a & "b" \'c\'>')).toBe('&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
    expect(xmlText('a\u0000b\u0008c\tA\nB\rC\u000bd\u001fe\u007ff')).toBe('abc\tA\nB\rCdef');
  });
});

describe('the detail’s amounts', () => {
  it('are String(fen / 100), worked out without the double', () => {
    const edge = [2 ** 50 - 1, 2 ** 50, 2 ** 50 + 1, 2 ** 53 - 1, 1.5, Number.NaN];
    const fens: number[] = [0, -0, 1, -1, 9, 10, 11, 99, 100, 101, 110, ...edge];
    for (const fen of edge) fens.push(-fen);
    for (let fen = -25_000; fen <= 25_000; fen++) fens.push(fen);
    let x = 1;
    for (let k = 0; k < 200_000; k++) {
      x = (x * 48_271) % 2_147_483_647;
      fens.push(x * (k % 7) * (k % 2 ? -1 : 1), x * 524_287 + k, 2 ** 50 - x * k);
    }
    for (const fen of fens) expect(yuanText(fen), String(fen)).toBe(String(fen / 100));
    // ≈ 17 s on a quiet box, twice that on a busy one: past vitest's default 30 s.
  }, 120_000);
});

describe('the detail’s time column', () => {
  it('is what toLocaleTimeString says, counted within a quarter hour', () => {
    const zones = ['Asia/Shanghai', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'UTC'];
    for (const timeZone of zones) {
      const time = detailTimeFormatter(timeZone);
      const reference = (at: Date) =>
        `${localDateString(at, timeZone)} ${at.toLocaleTimeString('zh-CN', { timeZone, hour12: false })}`;
      // Every second around a midnight, then random instants in time order across years
      // (DST changes included), with milliseconds.
      const instants: Date[] = [];
      const midnight = Date.UTC(2026, 0, 1) - 8 * 3_600_000;
      for (let s = -300; s <= 300; s++) instants.push(new Date(midnight + s * 1_000 + 999));
      let ms = Date.UTC(2024, 0, 1);
      for (let k = 0; k < 4_000; k++) {
        ms += 1 + ((k * 2_654_435_761) % 45_000_000);
        instants.push(new Date(ms));
      }
      for (const at of instants)
        expect(time(at.getTime()), `${timeZone} ${at.toISOString()}`).toBe(reference(at));
    }
  });
});

describe('package workbook, phases', () => {
  it('refuses the totals before the sheets from the lines, and those before the detail', async () => {
    const file = path.join(directory, 'phases.xlsx');
    const early = new PackageWorkbook(file, heading);
    expect(() => early.writeSummary(totals)).toThrow(/summary written before usage/);
    await expect(early.writeIssued(lines())).rejects.toThrow(/issued written before detail/);
    await early.writeDetail(pages(), () => {});
    await expect(early.writeUsage(lines(), totals, [])).rejects.toThrow(
      /usage written before issued/,
    );
    await expect(early.writeDetail(pages(), () => {})).rejects.toThrow(/detail written twice/);
  });
});
