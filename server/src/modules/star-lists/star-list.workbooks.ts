/**
 * The star list as Excel: the import template (the provincial list's columns, a note on the
 * rules, an example row the importer skips) and the export of saved entries, whose first six
 * columns are the template's so an export can be edited and imported again.
 */
import ExcelJS from 'exceljs';
import { workbookBuffer } from '../../lib/spreadsheet-cells.js';
import type { StarListEntry } from './star-list.entry.js';
import { EXAMPLE_ROW_MARK, STAR_LIST_COLUMNS } from './star-list.rules.js';

const HEADERS = STAR_LIST_COLUMNS.map((c) => c.header);
const WIDTHS = [8, 12, 14, 40, 24, 8];
const TEXT = '@';

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
    cell.border = { bottom: { style: 'thin' } };
  });
}

export async function starListTemplate(maxRows: number, now: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = now;
  const sheet = workbook.addWorksheet('星级上云企业名单');
  sheet.columns = HEADERS.map((_, index) => ({
    width: WIDTHS[index] ?? 12,
    // The credit code stays text: typed as a number, Excel would drop its last digits.
    ...(index === 4 ? { style: { numFmt: TEXT } } : {}),
  }));
  const note = sheet.addRow([
    `填写说明：第2行为表头，请勿修改；从第4行起每行一家企业，最多 ${maxRows} 行。` +
      '统一社会信用代码为18位（按 GB 32100-2015 校验）；星级填 3、4 或 5；' +
      '同一年度内同一企业只能出现一次。序号为“示例”的行不会导入，可保留或删除。' +
      '支持 .xlsx，或另存为 CSV（UTF-8 或 GBK 编码）。',
  ]);
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  note.height = 48;
  note.getCell(1).alignment = { wrapText: true, vertical: 'top' };
  note.getCell(1).font = { color: { argb: 'FF8C8C8C' }, size: 10 };
  styleHeader(sheet.addRow(HEADERS));
  const example = sheet.addRow([
    EXAMPLE_ROW_MARK,
    '南通市',
    '海安市',
    '海安示例科技有限公司',
    '91320621MA1XXXXXXX',
    5,
  ]);
  example.font = { italic: true, color: { argb: 'FF8C8C8C' } };
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  const lastRow = maxRows + 3;
  // exceljs writes range validations (one rule for the column) but does not type them.
  const validations = (
    sheet as unknown as {
      dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void };
    }
  ).dataValidations;
  validations.add(`F4:F${lastRow}`, {
    type: 'list',
    allowBlank: true,
    formulae: ['"3,4,5"'],
    showErrorMessage: true,
    errorTitle: '星级',
    error: '星级只能填 3、4 或 5',
  });
  validations.add(`E4:E${lastRow}`, {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [18],
    showErrorMessage: true,
    errorTitle: '统一社会信用代码',
    error: '统一社会信用代码应为 18 位',
  });
  return workbookBuffer(workbook);
}

/** An exported row: the entry (without its ids) and its batch's number and status. */
export interface ExportEntry extends Omit<StarListEntry, 'id' | 'batchId'> {
  batchNo: number;
  batchStatus: 'draft' | 'published';
}

export async function starListExport(
  entries: AsyncIterable<ExportEntry[]>,
  now: Date,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '云券 Yunquan';
  workbook.created = now;
  const sheet = workbook.addWorksheet('星级上云企业名单');
  sheet.columns = [
    ...HEADERS.map((header, index) => ({
      header,
      width: WIDTHS[index] ?? 12,
      ...(index === 4 ? { style: { numFmt: TEXT } } : {}),
    })),
    { header: '名单年度', width: 10 },
    { header: '批次', width: 8 },
    { header: '状态', width: 8 },
  ];
  styleHeader(sheet.getRow(1));
  for await (const page of entries) {
    for (const e of page) {
      sheet.addRow([
        e.seqNo,
        e.city,
        e.county,
        e.enterpriseName,
        e.creditCode,
        e.star,
        e.listYear,
        `第${e.batchNo}批`,
        e.batchStatus === 'published' ? '已发布' : '草稿',
      ]);
    }
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 9 } };
  return workbookBuffer(workbook);
}
