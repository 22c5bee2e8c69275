/**
 * Two package workbooks compared cell by cell, as exceljs's streaming reader reads them back:
 * the sheets in the order Excel shows them (xl/workbook.xml's), by name, each row's number, and
 * each cell's value, type, number format and font (bench/redemption.ts `--compare-with`). The
 * sheets are read straight from their zip entries, whatever the entries' order (the build
 * writes 兑付汇总 last but shows it first, D-redemption-overlap-1), both files side by side, so
 * a 10 M-row workbook is never held in memory.
 */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export interface WorkbookDifference {
  where: string;
  mine: string;
  theirs: string;
}

interface Reading {
  sheets: number;
  rows: number;
  cells: number;
  differences: number;
  first: WorkbookDifference[];
}

type SheetReader = AsyncIterable<ExcelJS.Row> & { name?: string };

/** exceljs's own zip reader (its dependency), for the entries one by one. */
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: {
    file(path: string): Promise<{ files: Array<{ path: string; stream(): Readable }> }>;
  };
};

/** exceljs's streaming reader, as far as reading one entry at a time relies on it. */
interface ReaderInternals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    entry: Readable,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: SheetReader }>;
  workbookRels?: Array<{ Id: string; Target: string }>;
  model?: { sheets?: Array<{ name: string; rId: string }> };
}

/** The workbook's sheets in xl/workbook.xml's order, each read from its own entry. */
async function* sheetsInOrder(file: string): AsyncGenerator<SheetReader> {
  const zip = await unzipper.Open.file(file);
  const entry = (name: string) => {
    const found = zip.files.find((f) => f.path.replace(/^\//, '') === name);
    if (!found) throw new Error(`${file}: no ${name}`);
    return found.stream();
  };
  if (zip.files.some((f) => f.path.endsWith('sharedStrings.xml'))) {
    throw new Error(`${file}: shared strings are not read here (the package writes none)`);
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  await reader._parseRels(entry('xl/_rels/workbook.xml.rels'));
  await reader._parseWorkbook(entry('xl/workbook.xml'));
  await reader._parseStyles(entry('xl/styles.xml'));
  for (const sheet of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target ?? '';
    const sheetNo = /sheet(\d+)\.xml$/.exec(target)?.[1];
    if (!sheetNo) throw new Error(`${file}: sheet ${sheet.name} has no worksheet entry`);
    for (const { value } of reader._parseWorksheet(entry(`xl/${target}`), sheetNo)) {
      yield value;
    }
  }
}

function reader(file: string): AsyncIterator<SheetReader> {
  return sheetsInOrder(file);
}

/** A cell as compared: what it holds, its type, number format and font. */
function describeCell(cell: ExcelJS.Cell | undefined): string {
  if (!cell) return '(none)';
  return JSON.stringify([cell.value ?? null, cell.type, cell.numFmt ?? null, cell.font ?? null]);
}

function describeRow(row: ExcelJS.Row | undefined): string[] {
  if (!row) return [];
  const cells: string[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    cells[column - 1] = describeCell(cell);
  });
  return cells;
}

export async function compareWorkbooks(mineFile: string, theirsFile: string): Promise<Reading> {
  const reading: Reading = { sheets: 0, rows: 0, cells: 0, differences: 0, first: [] };
  const differ = (where: string, mine: string, theirs: string) => {
    reading.differences += 1;
    if (reading.first.length < 20) reading.first.push({ where, mine, theirs });
  };
  const mineSheets = reader(mineFile);
  const theirSheets = reader(theirsFile);
  for (let sheetNo = 1; ; sheetNo++) {
    const [a, b] = await Promise.all([mineSheets.next(), theirSheets.next()]);
    if (a.done && b.done) break;
    if (a.done || b.done) {
      differ(`sheet ${sheetNo}`, a.done ? '(none)' : 'a sheet', b.done ? '(none)' : 'a sheet');
      break;
    }
    reading.sheets += 1;
    if (a.value.name !== b.value.name) {
      differ(`sheet ${sheetNo} name`, String(a.value.name), String(b.value.name));
    }
    const mineRows = a.value[Symbol.asyncIterator]();
    const theirRows = b.value[Symbol.asyncIterator]();
    for (;;) {
      const [x, y] = await Promise.all([mineRows.next(), theirRows.next()]);
      if (x.done && y.done) break;
      const mineRow = x.done ? undefined : x.value;
      const theirRow = y.done ? undefined : y.value;
      reading.rows += 1;
      const where = `sheet ${sheetNo} row ${mineRow?.number ?? '-'}/${theirRow?.number ?? '-'}`;
      if (mineRow?.number !== theirRow?.number) {
        differ(where, describeRow(mineRow).join(' '), describeRow(theirRow).join(' '));
        continue;
      }
      const mineCells = describeRow(mineRow);
      const theirCells = describeRow(theirRow);
      for (let k = 0; k < Math.max(mineCells.length, theirCells.length); k++) {
        reading.cells += 1;
        const m = mineCells[k] ?? '(none)';
        const t = theirCells[k] ?? '(none)';
        if (m !== t) differ(`${where} column ${k + 1}`, m, t);
      }
    }
  }
  return reading;
}
