/**
 * Two package workbooks compared cell by cell, as exceljs's streaming reader reads them back:
 * the sheets in order, each row's number, and each cell's value, type, number format and font
 * (bench/redemption.ts `--compare-with`). Streams both files side by side, so a 10 M-row
 * workbook is never held in memory.
 */
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

function reader(file: string): AsyncIterator<SheetReader> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  return (workbook as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
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
