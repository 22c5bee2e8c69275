/**
 * Judging an import file before anything is saved: read the spreadsheet, find the header row,
 * check the limits, and validate every row against what the year (and earlier published years)
 * already list. The result is the per-row report the DRC sees (`ImportPreview`), and the refusal
 * to import a file with errors or unconfirmed warnings. The row rules themselves are pure, in
 * star-list.rules.ts; this file adds the database context they need.
 */
import type { RawSql } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { type ReadResult, readStarListFile } from './star-list.reader.js';
import {
  type ColumnIndex,
  creditCodesOf,
  dataRowsOf,
  locateHeader,
  type RowReport,
  STAR_LIST_COLUMNS,
  type StarListContext,
  type StarListReport,
  type TableRow,
  validateStarList,
} from './star-list.rules.js';

export const STAR_LIST_LIMITS = {
  maxFileBytes: 5 * 1024 * 1024,
  maxRows: 20_000,
  maxInflatedBytes: 40 * 1024 * 1024,
} as const;

export interface ImportPreview {
  listYear: number;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  sheetName: string | null;
  headerRowNo: number;
  columns: Array<{ key: string; header: string }>;
  rows: RowReport[];
  summary: StarListReport['summary'];
  /** Every row valid: the file can be imported. */
  canImport: boolean;
  /** Some rows have warnings: importing needs `confirmWarnings`. */
  needsConfirmation: boolean;
}

export interface Analysis {
  read: ReadResult;
  sheetName: string | null;
  headerRowNo: number;
  rows: TableRow[];
  columns: ColumnIndex;
  report: StarListReport;
}

/** Reads and judges a file against the list year as `sql` sees it. */
export async function analyseStarList(
  sql: RawSql,
  input: { bytes: Buffer; fileName: string; listYear: number },
): Promise<Analysis> {
  const read = await readStarListFile(input.bytes, input.fileName, STAR_LIST_LIMITS);
  const match = locateHeader(read.tables);
  if (!match.found) {
    throw new AppError(
      'STAR_LIST_COLUMNS_MISSING',
      match.missing.length === STAR_LIST_COLUMNS.length
        ? `未找到表头行：名单应包含 ${STAR_LIST_COLUMNS.map((c) => c.header).join('、')} 列（可下载模板对照）`
        : `名单缺少以下列：${match.missing.join('、')}`,
      { missing: match.missing },
    );
  }
  const rows = dataRowsOf(match);
  if (rows.length === 0) throw new AppError('STAR_LIST_EMPTY', '表头下没有企业数据行');
  if (rows.length > STAR_LIST_LIMITS.maxRows) {
    throw new AppError(
      'STAR_LIST_TOO_MANY_ROWS',
      `名单有 ${rows.length} 行，超过 ${STAR_LIST_LIMITS.maxRows} 行上限，请分批导入`,
      { maxRows: STAR_LIST_LIMITS.maxRows, rows: rows.length },
    );
  }
  const context = await contextFor(sql, input.listYear, creditCodesOf(rows, match.columns));
  return {
    read,
    sheetName: match.table.name,
    headerRowNo: match.table.rows[match.headerIndex]?.rowNo ?? 1,
    rows,
    columns: match.columns,
    report: validateStarList(rows, match.columns, context),
  };
}

export function previewOf(
  input: { fileName: string; listYear: number },
  analysis: Analysis,
): ImportPreview {
  const { summary } = analysis.report;
  return {
    listYear: input.listYear,
    fileName: input.fileName,
    format: analysis.read.format,
    encoding: analysis.read.encoding,
    sheetName: analysis.sheetName,
    headerRowNo: analysis.headerRowNo,
    columns: STAR_LIST_COLUMNS.map((c) => ({ key: c.key, header: c.header })),
    rows: analysis.report.rows,
    summary,
    canImport: summary.invalid === 0,
    needsConfirmation: summary.withWarnings > 0,
  };
}

/** Refuses a file with any invalid row, or with warnings the official has not confirmed. */
export function assertImportable(
  input: { fileName: string; listYear: number; confirmWarnings: boolean },
  analysis: Analysis,
): void {
  const { summary } = analysis.report;
  if (summary.invalid > 0) {
    throw new AppError(
      'STAR_LIST_INVALID',
      `名单有 ${summary.invalid} 行错误，未导入任何数据；请按报告修改后重新上传`,
      { report: previewOf(input, analysis) },
    );
  }
  if (summary.withWarnings > 0 && !input.confirmWarnings) {
    throw new AppError(
      'STAR_LIST_WARNINGS_UNCONFIRMED',
      `名单有 ${summary.withWarnings} 行需要核实的提示，核实无误后请确认再导入`,
      { report: previewOf(input, analysis) },
    );
  }
}

/**
 * What the rules need from the database: this year's entries of the same credit codes (in any
 * batch) and their latest entry in an earlier published list.
 */
export async function contextFor(
  sql: RawSql,
  listYear: number,
  creditCodes: string[],
): Promise<StarListContext> {
  if (creditCodes.length === 0) return { listYear, inYear: new Map(), earlier: new Map() };
  const inYear = await sql.query<{
    credit_code: string;
    batch_no: number;
    status: 'draft' | 'published';
  }>(
    `SELECT e.credit_code, b.batch_no, b.status
       FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
      WHERE e.list_year = $1 AND e.credit_code = ANY($2::text[])`,
    [listYear, creditCodes],
  );
  const earlier = await sql.query<{ credit_code: string; list_year: number; star: number }>(
    `SELECT DISTINCT ON (e.credit_code) e.credit_code, e.list_year, e.star
       FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
      WHERE e.list_year < $1 AND e.credit_code = ANY($2::text[])
      ORDER BY e.credit_code, e.list_year DESC`,
    [listYear, creditCodes],
  );
  return {
    listYear,
    inYear: new Map(inYear.map((r) => [r.credit_code, { batchNo: r.batch_no, status: r.status }])),
    earlier: new Map(earlier.map((r) => [r.credit_code, { listYear: r.list_year, star: r.star }])),
  };
}
