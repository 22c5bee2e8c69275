/**
 * The star list's rules as pure functions: find the provincial list's header row, read each
 * data row, and judge it — every column, the credit code's check character (GB 32100-2015),
 * the star level, duplicates inside the file and against the year's earlier batches, and a
 * rating lower than the enterprise's latest earlier one (a warning to verify, see
 * docs/decisions.md). No I/O: the service supplies what the database knows as `context`.
 */
import { creditCodeCheckChar, isValidCreditCode } from '../../domain/identifiers.js';
import { starName } from '../../domain/stars.js';

/** A cell as read from a sheet: text, a number (Excel keeps typed numbers), or nothing. */
export type CellValue = string | number | null;

export interface TableRow {
  /** The row number the official sees: Excel's row number, or the CSV record number. */
  rowNo: number;
  cells: CellValue[];
}

export interface Table {
  /** The worksheet's name; null for CSV. */
  name: string | null;
  rows: TableRow[];
}

export const STAR_LIST_COLUMNS = [
  { key: 'seqNo', header: '序号', aliases: ['序号'] },
  { key: 'city', header: '设区市', aliases: ['设区市', '设区的市'] },
  {
    key: 'county',
    header: '县(市、区)',
    aliases: ['县(市、区)', '县(市,区)', '县(市区)', '县市区', '县(区)'],
  },
  { key: 'enterpriseName', header: '企业名称', aliases: ['企业名称', '企业全称'] },
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['统一社会信用代码', '社会信用代码'],
  },
  { key: 'star', header: '星级', aliases: ['星级', '星级评定', '评定星级'] },
] as const;

export type ColumnKey = (typeof STAR_LIST_COLUMNS)[number]['key'];
export type ColumnIndex = Record<ColumnKey, number>;

const HEADER_OF = Object.fromEntries(STAR_LIST_COLUMNS.map((c) => [c.key, c.header])) as Record<
  ColumnKey,
  string
>;

/** Rows whose 序号 is exactly this are the template's example and are never imported. */
export const EXAMPLE_ROW_MARK = '示例';

/** How far down each sheet the header row is looked for (title and note rows come first). */
const HEADER_SCAN_ROWS = 20;

const MAX_LENGTH: Partial<Record<ColumnKey, number>> = {
  city: 50,
  county: 50,
  enterpriseName: 200,
};

/** Full-width brackets and commas as ASCII, no spaces, no required-field stars. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').replace(/[\s*]/g, '');
}

const HEADER_LOOKUP = new Map<string, ColumnKey>(
  STAR_LIST_COLUMNS.flatMap((c) => c.aliases.map((alias) => [normaliseHeader(alias), c.key])),
);

export function cellText(value: CellValue): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : value.trim();
}

export type HeaderMatch =
  | { found: true; table: Table; headerIndex: number; columns: ColumnIndex }
  | { found: false; missing: string[] };

/**
 * The header row: in the first sheet that has one, the first row naming every column. When
 * none does, the closest row tells which columns are missing.
 */
export function locateHeader(tables: readonly Table[]): HeaderMatch {
  let best: { matched: number; missing: string[] } = {
    matched: 0,
    missing: STAR_LIST_COLUMNS.map((c) => c.header),
  };
  for (const table of tables) {
    const scan = Math.min(table.rows.length, HEADER_SCAN_ROWS);
    for (let index = 0; index < scan; index++) {
      const columns: Partial<ColumnIndex> = {};
      table.rows[index]?.cells.forEach((cell, position) => {
        const key = HEADER_LOOKUP.get(normaliseHeader(cellText(cell)));
        if (key !== undefined && columns[key] === undefined) columns[key] = position;
      });
      const missing = STAR_LIST_COLUMNS.filter((c) => columns[c.key] === undefined).map(
        (c) => c.header,
      );
      if (missing.length === 0) {
        return { found: true, table, headerIndex: index, columns: columns as ColumnIndex };
      }
      const matched = STAR_LIST_COLUMNS.length - missing.length;
      if (matched > best.matched) best = { matched, missing };
    }
  }
  return { found: false, missing: best.missing };
}

/** The rows under the header that carry data: blank rows and the template's example are left out. */
export function dataRowsOf(match: Extract<HeaderMatch, { found: true }>): TableRow[] {
  return match.table.rows.slice(match.headerIndex + 1).filter((row) => {
    if (row.cells.every((cell) => cellText(cell) === '')) return false;
    return cellText(row.cells[match.columns.seqNo] ?? null) !== EXAMPLE_ROW_MARK;
  });
}

export type RowIssueCode =
  | 'VALUE_REQUIRED'
  | 'TOO_LONG'
  | 'SEQ_NO_INVALID'
  | 'CREDIT_CODE_AS_NUMBER'
  | 'CREDIT_CODE_LENGTH'
  | 'CREDIT_CODE_CHARACTERS'
  | 'CREDIT_CODE_REGION'
  | 'CREDIT_CODE_CHECK'
  | 'STAR_INVALID'
  | 'DUPLICATE_IN_FILE'
  | 'DUPLICATE_IN_YEAR'
  | 'STAR_DOWNGRADE';

export interface RowIssue {
  column: ColumnKey;
  code: RowIssueCode;
  message: string;
}

export type RowValues = Record<ColumnKey, string>;

export interface EntryDraft {
  rowNo: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: 3 | 4 | 5;
}

export interface RowReport {
  rowNo: number;
  /** What was read, as text, so the official can find the row. */
  values: RowValues;
  /** Any error makes the row (and so the import) invalid. */
  errors: RowIssue[];
  /** To verify before importing; an import with warnings needs the official's confirmation. */
  warnings: RowIssue[];
}

export interface StarListReport {
  rows: RowReport[];
  summary: { total: number; valid: number; invalid: number; withWarnings: number };
  /** The rows as entries, when every row is valid; empty otherwise. */
  entries: EntryDraft[];
}

/** What the database knows about the credit codes of a file. */
export interface StarListContext {
  listYear: number;
  /** Entries of the same list year in batches already saved (draft or published). */
  inYear: ReadonlyMap<string, { batchNo: number; status: 'draft' | 'published' }>;
  /** The latest published rating of an earlier list year. */
  earlier: ReadonlyMap<string, { listYear: number; star: number }>;
}

// GB 32100-2015: no I, O, S, V, Z.
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A credit code as typed: full-width characters folded, spaces removed, upper case. */
export function normaliseListCreditCode(text: string): string {
  return text.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}

/** Why a normalised credit code is not valid, or null when it is. */
export function creditCodeProblem(code: string): Omit<RowIssue, 'column'> | null {
  if (isValidCreditCode(code)) return null;
  if (code.length !== 18) {
    return {
      code: 'CREDIT_CODE_LENGTH',
      message: `统一社会信用代码应为 18 位，当前为 ${code.length} 位`,
    };
  }
  const foreign = [...new Set([...code].filter((c) => !CREDIT_CODE_ALPHABET.includes(c)))];
  if (foreign.length > 0) {
    return {
      code: 'CREDIT_CODE_CHARACTERS',
      message: `统一社会信用代码含有不允许的字符“${foreign.join('')}”（只用数字和大写字母，不使用 I、O、S、V、Z）`,
    };
  }
  if (creditCodeCheckChar(code.slice(0, 17)) === null) {
    return {
      code: 'CREDIT_CODE_REGION',
      message: '统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为数字',
    };
  }
  return {
    code: 'CREDIT_CODE_CHECK',
    message: '统一社会信用代码校验位不正确（GB 32100-2015），请核对是否抄错',
  };
}

const CHINESE_DIGITS: Record<string, 3 | 4 | 5> = { 三: 3, 四: 4, 五: 5 };

/**
 * 3, 4 or 5, as a number or as text: '5', '5星', '5 星级', full-width '５', and the measures'
 * own wording 三星级 / 四星 / 五星级 (a provincial list may use either).
 */
export function parseStar(value: CellValue): 3 | 4 | 5 | null {
  if (typeof value === 'number') {
    return value === 3 || value === 4 || value === 5 ? value : null;
  }
  // A Chinese numeral needs its 星 (a bare 五 is more likely a typo than a star level).
  const match = /^(?:([345])(?:星级?|★)?|([三四五])星级?)$/.exec(
    cellText(value).normalize('NFKC').replace(/\s/g, ''),
  );
  if (match?.[1]) return Number(match[1]) as 3 | 4 | 5;
  if (match?.[2]) return CHINESE_DIGITS[match[2]] ?? null;
  return null;
}

function parseSeqNo(value: CellValue): number | null {
  const number =
    typeof value === 'number'
      ? value
      : /^\d{1,9}$/.test(cellText(value).normalize('NFKC'))
        ? Number(cellText(value).normalize('NFKC'))
        : Number.NaN;
  return Number.isInteger(number) && number >= 1 && number <= 2_147_483_647 ? number : null;
}

/**
 * Judges every data row. Errors name the column and say in Chinese what to fix; the file's
 * first occurrence of a credit code is kept and later ones are the duplicates.
 */
export function validateStarList(
  rows: readonly TableRow[],
  columns: ColumnIndex,
  context: StarListContext,
): StarListReport {
  const firstRowOf = new Map<string, number>();
  const reports: RowReport[] = [];
  const drafts: EntryDraft[] = [];
  for (const row of rows) {
    const raw = (key: ColumnKey): CellValue => row.cells[columns[key]] ?? null;
    const values = Object.fromEntries(
      STAR_LIST_COLUMNS.map((c) => [c.key, cellText(raw(c.key))]),
    ) as RowValues;
    const errors: RowIssue[] = [];
    const warnings: RowIssue[] = [];
    const fail = (column: ColumnKey, code: RowIssueCode, message: string) =>
      errors.push({ column, code, message });

    for (const { key } of STAR_LIST_COLUMNS) {
      if (values[key] === '') fail(key, 'VALUE_REQUIRED', `${HEADER_OF[key]}不能为空`);
    }
    for (const [key, max] of Object.entries(MAX_LENGTH) as Array<[ColumnKey, number]>) {
      if (values[key].length > max) {
        fail(key, 'TOO_LONG', `${HEADER_OF[key]}超过 ${max} 个字符`);
      }
    }

    const seqNo = parseSeqNo(raw('seqNo'));
    if (values.seqNo !== '' && seqNo === null) {
      fail('seqNo', 'SEQ_NO_INVALID', `序号应为正整数，当前为“${values.seqNo}”`);
    }

    const star = parseStar(raw('star'));
    if (values.star !== '' && star === null) {
      fail(
        'star',
        'STAR_INVALID',
        `星级应为三星级、四星级或五星级（也可填 3、4、5），当前为“${values.star}”`,
      );
    }

    let creditCode: string | null = null;
    if (typeof raw('creditCode') === 'number') {
      fail(
        'creditCode',
        'CREDIT_CODE_AS_NUMBER',
        '统一社会信用代码被 Excel 存成了数字，后几位已丢失；请把该列设为“文本”格式后重新录入',
      );
    } else if (values.creditCode !== '') {
      const code = normaliseListCreditCode(values.creditCode);
      const problem = creditCodeProblem(code);
      if (problem) fail('creditCode', problem.code, problem.message);
      else creditCode = code;
    }

    if (creditCode !== null) {
      const first = firstRowOf.get(creditCode);
      if (first !== undefined) {
        fail('creditCode', 'DUPLICATE_IN_FILE', `统一社会信用代码与第 ${first} 行重复`);
      } else {
        firstRowOf.set(creditCode, row.rowNo);
      }
      const saved = context.inYear.get(creditCode);
      if (saved) {
        fail(
          'creditCode',
          'DUPLICATE_IN_YEAR',
          `该企业已列入 ${context.listYear} 年度第 ${saved.batchNo} 批名单（${saved.status === 'published' ? '已发布' : '草稿'}），同一年度只能列入一次`,
        );
      }
      const before = context.earlier.get(creditCode);
      if (star !== null && before && before.star > star) {
        warnings.push({
          column: 'star',
          code: 'STAR_DOWNGRADE',
          message: `星级低于该企业以往评定（${before.listYear}年 ${starName(before.star)}），请核实`,
        });
      }
    }

    reports.push({ rowNo: row.rowNo, values, errors, warnings });
    if (errors.length === 0 && seqNo !== null && star !== null && creditCode !== null) {
      drafts.push({
        rowNo: row.rowNo,
        seqNo,
        city: values.city,
        county: values.county,
        enterpriseName: values.enterpriseName,
        creditCode,
        star,
      });
    }
  }
  const invalid = reports.filter((r) => r.errors.length > 0).length;
  return {
    rows: reports,
    summary: {
      total: reports.length,
      valid: reports.length - invalid,
      invalid,
      withWarnings: reports.filter((r) => r.warnings.length > 0).length,
    },
    entries: invalid === 0 ? drafts : [],
  };
}

/** The normalised credit codes of rows that have a plausible one, for the context lookup. */
export function creditCodesOf(rows: readonly TableRow[], columns: ColumnIndex): string[] {
  const codes = new Set<string>();
  for (const row of rows) {
    const value = row.cells[columns.creditCode] ?? null;
    if (typeof value !== 'string') continue;
    const code = normaliseListCreditCode(value);
    if (isValidCreditCode(code)) codes.add(code);
  }
  return [...codes];
}
