/**
 * Bytes of an uploaded star list → tables of cells. The format is judged by content, never by
 * the name: an .xlsx must be a whole, unencrypted workbook whose archive stays within bounds
 * when inflated (zip-guard.ts); anything with no magic bytes must decode as text and is read
 * as CSV. Every refusal is an AppError with a stable code and a Chinese reason.
 */
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../errors.js';
import { decodeText, detectDelimiter, parseCsv, type TextEncoding } from './csv.js';
import type { CellValue, Table } from './star-list.rules.js';
import { inspectZip } from './zip-guard.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';

export interface ReadLimits {
  /** Data rows a list may have. */
  maxRows: number;
  /** Inflated size of an .xlsx's parts together. */
  maxInflatedBytes: number;
}

export interface ReadResult {
  format: 'xlsx' | 'csv';
  /** The media type stored with the source file. */
  mediaType: typeof XLSX_TYPE | typeof CSV_TYPE;
  encoding: TextEncoding | null;
  tables: Table[];
}

const FOREIGN_TYPES: Array<[RegExp, string]> = [
  [/^application\/x-msdownload$|^application\/x-dosexec$|^application\/x-elf$/, '可执行程序'],
  [/^image\//, '图片'],
  [/^application\/pdf$/, 'PDF 文档'],
  [/wordprocessingml|^application\/msword$/, 'Word 文档'],
  [/presentationml/, 'PowerPoint 演示文稿'],
  [/^application\/vnd\.oasis\.opendocument\.spreadsheet$/, 'OpenDocument 表格（.ods）'],
  [/macroEnabled/i, '含宏的 Excel 工作簿（.xlsm）'],
  [/^application\/(x-)?(rar|7z|gzip|x-tar|x-bzip2|x-7z-compressed|x-rar-compressed)/, '压缩包'],
];

function describeForeign(mime: string): string {
  return FOREIGN_TYPES.find(([pattern]) => pattern.test(mime))?.[1] ?? `“${mime}”类型的文件`;
}

const ACCEPTED = '请上传 Excel 工作簿（.xlsx）或 CSV 文件（可先下载模板）';

function unreadable(reason: string, detail: string): AppError {
  return new AppError('STAR_LIST_UNREADABLE', detail, { reason });
}

function tooManyRows(maxRows: number): AppError {
  return new AppError('STAR_LIST_TOO_MANY_ROWS', `名单超过 ${maxRows} 行上限，请分批导入`, {
    maxRows,
  });
}

export async function readStarListFile(
  bytes: Buffer,
  fileName: string,
  limits: ReadLimits,
): Promise<ReadResult> {
  if (bytes.length === 0) throw new AppError('FILE_EMPTY', '文件为空');
  const detected = (await fileTypeFromBuffer(bytes))?.mime;
  if (detected === XLSX_TYPE || detected === 'application/zip') {
    return {
      format: 'xlsx',
      mediaType: XLSX_TYPE,
      encoding: null,
      tables: await readXlsx(bytes, limits),
    };
  }
  if (detected === 'application/x-cfb') {
    throw unreadable(
      'LEGACY_OR_ENCRYPTED',
      '这是旧版 Excel 97-2003 工作簿（.xls）或设置了打开密码的工作簿，无法读取。请在 Excel 或 WPS 中取消密码，另存为 .xlsx 或 CSV 后再导入',
    );
  }
  if (detected !== undefined) {
    throw new AppError(
      'UNSUPPORTED_FILE_TYPE',
      `文件内容是${describeForeign(detected)}，不是星级企业名单。${ACCEPTED}`,
      { detected, allowedTypes: [XLSX_TYPE, CSV_TYPE] },
    );
  }
  if (/\.(xlsx|xlsm|xls)$/i.test(fileName.trim())) {
    throw unreadable(
      'NOT_A_WORKBOOK',
      '文件扩展名是 Excel，但内容不是 Excel 工作簿，文件可能已损坏。请用 Excel 或 WPS 重新保存后上传',
    );
  }
  const decoded = decodeText(bytes);
  if (!decoded) {
    throw unreadable('NOT_TEXT', `文件内容既不是 Excel 工作簿，也不是文本格式的 CSV。${ACCEPTED}`);
  }
  const delimiter = detectDelimiter(decoded.text);
  const csv = parseCsv(decoded.text, delimiter);
  if (csv.unterminatedQuoteAt !== null) {
    throw unreadable(
      'CSV_UNTERMINATED_QUOTE',
      `CSV 格式错误：第 ${csv.unterminatedQuoteAt} 行开始的引号没有闭合`,
    );
  }
  // Headers, title rows and blank lines are few; far more records than rows allowed is refused
  // before any row is judged.
  if (csv.records.length > limits.maxRows * 2 + 100) throw tooManyRows(limits.maxRows);
  return {
    format: 'csv',
    mediaType: CSV_TYPE,
    encoding: decoded.encoding,
    tables: [
      { name: null, rows: csv.records.map((cells, index) => ({ rowNo: index + 1, cells })) },
    ],
  };
}

const ZIP_REASONS: Record<string, string> = {
  NOT_A_ZIP: 'Excel 文件已损坏或不完整，无法读取。请用 Excel 或 WPS 重新保存后上传',
  CORRUPT: 'Excel 文件已损坏或不完整，无法读取。请用 Excel 或 WPS 重新保存后上传',
  ENCRYPTED: '工作簿已加密，无法读取。请取消密码保护后重新上传',
  UNSUPPORTED_COMPRESSION: '工作簿使用了不支持的压缩方式，请用 Excel 或 WPS 重新保存后上传',
  ZIP64: 'Excel 文件的压缩格式异常，无法读取。请用 Excel 或 WPS 重新保存后上传',
};

async function readXlsx(bytes: Buffer, limits: ReadLimits): Promise<Table[]> {
  const verdict = inspectZip(bytes, {
    maxInflatedBytes: limits.maxInflatedBytes,
    maxEntries: 2_000,
  });
  if (!verdict.ok) {
    const detail =
      ZIP_REASONS[verdict.reason] ??
      `工作簿解压后内容异常庞大（超过 ${Math.floor(limits.maxInflatedBytes / 1024 / 1024)} MB），疑似恶意文件，已拒绝`;
    throw unreadable(verdict.reason, detail);
  }
  if (!verdict.entries.has('xl/workbook.xml')) {
    throw unreadable('NOT_A_WORKBOOK', `文件是压缩包，但不是 Excel 工作簿（.xlsx）。${ACCEPTED}`);
  }
  if (verdict.worksheetRows > limits.maxRows * 3 + 100) throw tooManyRows(limits.maxRows);

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw unreadable(
      'XLSX_PARSE_FAILED',
      'Excel 文件内容无法解析，请用 Excel 或 WPS 重新保存后上传',
    );
  }
  const tables: Table[] = [];
  workbook.eachSheet((sheet) => {
    const rows: Table['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNo) => {
      const values = row.values as unknown[];
      const cells: CellValue[] = [];
      for (let column = 1; column < values.length; column++) {
        cells.push(toCellValue(values[column]));
      }
      rows.push({ rowNo, cells });
    });
    tables.push({ name: sheet.name, rows });
  });
  return tables;
}

/** exceljs' cell value (text, number, rich text, link, formula, error, date) as plain data. */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) {
      return (object.richText as Array<{ text?: unknown }>)
        .map((r) => String(r.text ?? ''))
        .join('');
    }
    if ('formula' in object || 'sharedFormula' in object) return toCellValue(object.result);
    if ('error' in object) return String(object.error);
    if ('text' in object) return toCellValue(object.text);
  }
  return null;
}
