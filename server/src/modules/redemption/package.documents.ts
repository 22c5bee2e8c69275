/**
 * The redemption package's documents (第十五条): the workbook, written row by row with exceljs's
 * streaming writer to a file (the year is never held in memory), and the PDF 兑付申请函 with its
 * 承诺书 (pdfmake; Noto Serif SC for the body, Noto Sans SC bold for headings — the machines
 * have no CJK fonts of their own).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

import { CATEGORY_NAMES } from '../../domain/categories.js';
import { formatYuan, toChineseCapital } from '../../domain/money.js';
import {
  REDEMPTION_EXCEPTIONS,
  REDEMPTION_WARNINGS,
  type RedemptionException,
  type RedemptionWarning,
} from '../../domain/redemption-anomalies.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import { renderPdf } from '../../lib/pdf.js';
import { escapeSpreadsheetText } from '../../lib/spreadsheet-cells.js';
import type { WriteOffEvent } from './package.query.js';

const MONEY = '#,##0.00';
const yuan = (fen: number) => fen / 100;
/** Excel's limit is 1,048,576 rows a sheet: the detail continues on 核销明细（续2）… */
export const ROWS_PER_DETAIL_SHEET = 1_000_000;

export interface PackageTotals {
  byStar: Record<string, { vouchers: number; deducted: number; reversed: number; net: number }>;
  byCategory: Record<string, number>;
  net: number;
  deducted: number;
  reversed: number;
  vouchers: number;
  ledgerNet: number;
}

export interface PackageLine {
  lineNo: number;
  voucherId: string;
  creditCode: string;
  enterpriseName: string;
  star: number;
  listYear: number;
  amount: number;
  grantedAt: Date;
  deducted: number;
  reversed: number;
  net: number;
  voided: number;
  balance: number;
  exceptions: RedemptionException[];
  /** Anomaly flags: listed in 核查异常 as 预警, after the exceptions. */
  warnings: RedemptionWarning[];
}

export interface PackageHeading {
  year: number;
  kind: 'preview' | 'final';
  asOf: Date;
  timeZone: string;
  operatorName: string;
  generatedAt: Date;
}

const text = (value: string) => escapeSpreadsheetText(value);
const time = (at: Date, timeZone: string) =>
  `${localDateString(at, timeZone)} ${at.toLocaleTimeString('zh-CN', { timeZone, hour12: false })}`;

/**
 * `time` for the detail's ten million rows, same text: `toLocaleTimeString` with options builds
 * an Intl.DateTimeFormat on every call (≈0.5 ms on the bench machine — it was most of a large
 * build), and even one shared formatter costs ≈ 2 µs a call. Every zone's offsets and
 * transitions since 1970 are whole quarter hours, so within a UTC quarter hour the local date
 * and hour do not change and the local minute and second follow the instant's: the formatter
 * is asked once a quarter hour (the date, the hour as it writes it, the quarter's first
 * minute) and the rest is counted.
 */
export function detailTimeFormatter(timeZone: string): (at: number) => string {
  const clock = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    hour12: false,
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  let quarter = Number.NaN;
  let quarterStart = 0;
  let head = '';
  let firstMinute = 0;
  let exact = false;
  return (ms) => {
    const q = Math.floor(ms / 900_000);
    if (q !== quarter) {
      quarter = q;
      quarterStart = q * 900_000;
      const start = new Date(quarterStart);
      const [hour, minute, second] = clock.format(start).split(':');
      // Counting needs "H:MM:SS" with the quarter starting on a whole minute; else ask each time.
      exact =
        hour !== undefined &&
        /^\d\d$/.test(minute ?? '') &&
        second === '00' &&
        Number(minute) % 15 === 0;
      head = `${localDateString(start, timeZone)} ${hour}:`;
      firstMinute = Number(minute);
    }
    if (!exact) {
      const at = new Date(ms);
      return `${localDateString(at, timeZone)} ${clock.format(at)}`;
    }
    const elapsed = Math.floor((ms - quarterStart) / 1000);
    return `${head}${two(firstMinute + Math.floor(elapsed / 60))}:${two(elapsed % 60)}`;
  };
}

/**
 * exceljs works out each cell's style id by rendering the cell's style to XML and looking it up
 * (its own cache is by object, and every streamed cell gets a fresh style object): a fifth of
 * its time a row. Cells with no style or a number format only — every data cell here — get the
 * same id for the same (format, type), so it is remembered per workbook; others go through.
 */
function rememberPlainStyles(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
  const styles = (workbook as unknown as { styles?: { addStyleModel?: unknown } }).styles;
  if (!styles || typeof styles.addStyleModel !== 'function') return;
  const addStyleModel = styles.addStyleModel.bind(styles) as (
    model: Record<string, unknown>,
    cellType: unknown,
  ) => number;
  const known = new Map<string, number>();
  styles.addStyleModel = (model: Record<string, unknown>, cellType: unknown) => {
    const keys = model ? Object.keys(model) : [];
    const plain = keys.length === 0 || (keys.length === 1 && keys[0] === 'numFmt');
    if (!plain || (keys.length === 1 && typeof model.numFmt !== 'string')) {
      return addStyleModel(model, cellType);
    }
    const key = `${String(cellType)}|${keys.length === 0 ? '' : String(model.numFmt)}`;
    let id = known.get(key);
    if (id === undefined) {
      id = addStyleModel(model, cellType);
      known.set(key, id);
    }
    return id;
  };
}

/**
 * Text as exceljs writes it into a cell's XML (its `xmlEncode`): the five markup characters as
 * entities, and the characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; DEL)
 * dropped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters dropped.
const XML_UNSAFE = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters dropped.
const XML_UNSAFE_ALL = /["&'<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const XML_ENTITIES: Record<string, string> = {
  '"': '&quot;',
  '&': '&amp;',
  "'": '&apos;',
  '<': '&lt;',
  '>': '&gt;',
};
export function xmlText(value: string): string {
  return XML_UNSAFE.test(value)
    ? value.replace(XML_UNSAFE_ALL, (c) => XML_ENTITIES[c] ?? '')
    : value;
}

/**
 * `String(fen / 100)`, the text JavaScript gives the amount in yuan (what exceljs writes for a
 * number cell), without dividing and printing a double: a whole number of fen over 100 is the
 * shortest decimal that reads back as that double, so it is the integer part and up to two
 * decimals, trailing zeros dropped (tested against `String(fen / 100)`). That holds while a
 * double's step at the amount is under half a fen (|fen| ≤ 2^50, 11 trillion yuan); anything
 * else goes the long way.
 */
const PLAIN_FEN = 2 ** 50;
export function yuanText(fen: number): string {
  if (!Number.isInteger(fen) || fen > PLAIN_FEN || fen < -PLAIN_FEN) return String(fen / 100);
  if (fen === 0) return '0';
  const sign = fen < 0 ? '-' : '';
  const abs = fen < 0 ? -fen : fen;
  const cents = abs % 100;
  const whole = (abs - cents) / 100;
  if (cents === 0) return `${sign}${whole}`;
  if (cents % 10 === 0) return `${sign}${whole}.${cents / 10}`;
  return `${sign}${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * `convert`, remembered per value: for the detail's texts that are few distinct values however
 * many rows (enterprise names, categories, tranche labels), escaped once each instead of once a
 * row. Bounded: past a million distinct values the rest are converted each time.
 */
function remembered(convert: (value: string) => string): (value: string) => string {
  const known = new Map<string, string>();
  return (value) => {
    let converted = known.get(value);
    if (converted === undefined) {
      converted = convert(value);
      if (known.size < 1_000_000) known.set(value, converted);
    }
    return converted;
  };
}

/** exceljs's streaming worksheet, as far as the detail's direct rows rely on it. */
interface SheetInternals {
  stream?: { write?: unknown; pipes?: unknown };
  _rowZero?: unknown;
  _rows?: unknown;
  startedData?: unknown;
}

/** Bytes of row XML gathered before they go to the sheet's stream. */
const DETAIL_CHUNK_BYTES = 256 * 1024;
/** What a detail sheet may hold before the zip has reached it (see `DetailRows.flush`). */
const DETAIL_WAIT_BYTES = 8 * 1024 * 1024;

/**
 * The detail sheets' rows (核销明细 and its continuations: all but a few of the workbook's ten
 * million rows), written as SpreadsheetML straight into the streaming worksheet: the same XML
 * exceljs writes for these cells — `t="str"` text (no shared strings), the amount as a number
 * with the column's money style id, `spans` and `x14ac:dyDescent` as it puts them — without a
 * Row and nine Cell objects, a style lookup and an XmlStream a row (≈ 50 µs of the main thread a
 * row, most of a large build). exceljs keeps everything else: the sheet's head (title, header,
 * columns, frozen pane), its 合计 and footer rows (numbered after these), the styles, the zip.
 * server/test/redemption/package-workbook.test.ts requires the sheet's XML to be byte for byte
 * what exceljs writes for the same rows.
 *
 * The sheet's stream has no backpressure of its own (exceljs writes and forgets), so each chunk
 * waits for the zip's deflate stream to drain: the XML never piles up in memory ahead of the
 * compression. Returns null, and the caller goes through exceljs, if exceljs's writer no longer
 * has the shape relied on (a streamed sheet, every row so far committed and the data started).
 */
type DirectSheet = SheetInternals & {
  stream: { write(chunk: Buffer): unknown; pipes?: unknown; buffers?: unknown };
  _rowZero: number;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is what is tested for.
const ASCII = /^[\x00-\x7f]*$/;

/**
 * Text as the Latin-1 string of its UTF-8 bytes (one character a byte): the detail's row XML is
 * put together from such strings, so that it goes into the chunk with a Latin-1 copy — the bytes
 * exceljs would write — instead of a UTF-8 encoding of a two-byte string (the names and
 * categories are Chinese), which cost ≈ 1 µs a row. ASCII is its own Latin-1 string.
 */
export function utf8Latin1(text: string): string {
  return ASCII.test(text) ? text : Buffer.from(text, 'utf8').toString('latin1');
}

const DEDUCTION_LATIN1 = utf8Latin1('核销');
const REVERSAL_LATIN1 = utf8Latin1('冲正');

/** Bytes a writable (Node's, or readable-stream's) holds that its reader has not taken yet. */
function bufferedIn(target: Writable | undefined): number {
  if (!target) return 0;
  if (typeof target.writableLength === 'number') return target.writableLength;
  const state = (target as unknown as { _writableState?: { length?: unknown } })._writableState;
  return typeof state?.length === 'number' ? state.length : 0;
}

/** Whether a writable (Node's, or readable-stream's as archiver uses) asks its writer to wait. */
function needsDrain(target: Writable | undefined): boolean {
  if (!target) return false;
  if (typeof target.writableNeedDrain === 'boolean') return target.writableNeedDrain;
  const state = (target as unknown as { _writableState?: { needDrain?: unknown } })._writableState;
  return state?.needDrain === true;
}

class DetailRows {
  /** Rows written into `chunk` up to `used`; full chunks wait in `filled` for `flush`. */
  private chunk = Buffer.allocUnsafe(DETAIL_CHUNK_BYTES);
  private used = 0;
  private filled: Buffer[] = [];
  private constructor(
    private readonly sheet: DirectSheet,
    private next: number,
    private readonly moneyStyle: number,
    private readonly onBuffered: ((bytes: number) => void) | undefined,
  ) {}

  static open(
    sheet: ExcelJS.Worksheet,
    moneyStyle: number | null,
    onBuffered?: (bytes: number) => void,
  ): DetailRows | null {
    const internals = sheet as unknown as SheetInternals;
    if (
      moneyStyle === null ||
      typeof internals._rowZero !== 'number' ||
      !Array.isArray(internals._rows) ||
      internals._rows.length !== 0 ||
      internals.startedData !== true ||
      typeof internals.stream?.write !== 'function'
    ) {
      return null;
    }
    return new DetailRows(internals as DirectSheet, internals._rowZero, moneyStyle, onBuffered);
  }

  /**
   * Gathers one row; `flush` when `full`. Every text comes as XML already (`xmlText` of what the
   * cell holds, escaped for formulas where the caller does so) and as `utf8Latin1` of that;
   * `amount` is the yuan's text (`yuanText`). The time and type need no XML escaping (digits,
   * '-', ':', ' ', 核销/冲正). Each row is copied into the chunk as it comes (a short string; a
   * long concatenation of rows cost more to flatten than to build).
   */
  add(
    at: string,
    type: string,
    orderNo: string,
    creditCode: string,
    enterpriseName: string,
    category: string,
    amount: string,
    tranches: string,
    reversalOf: string,
  ): void {
    const r = this.next++;
    const row = `<row r="${r}" spans="1:9" x14ac:dyDescent="0.25"><c r="A${r}" t="str"><v>${at}</v></c><c r="B${r}" t="str"><v>${type}</v></c><c r="C${r}" t="str"><v>${orderNo}</v></c><c r="D${r}" t="str"><v>${creditCode}</v></c><c r="E${r}" t="str"><v>${enterpriseName}</v></c><c r="F${r}" t="str"><v>${category}</v></c><c r="G${r}" s="${this.moneyStyle}"><v>${amount}</v></c><c r="H${r}" t="str"><v>${tranches}</v></c><c r="I${r}" t="str"><v>${reversalOf}</v></c></row>`;
    if (this.used + row.length > this.chunk.length) {
      this.filled.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(DETAIL_CHUNK_BYTES, row.length));
      this.used = 0;
    }
    this.used += this.chunk.write(row, this.used, 'latin1');
  }

  get full(): boolean {
    return this.filled.length > 0;
  }

  /** Hands the gathered rows to the sheet's stream, then waits until the deflate keeps up. */
  async flush(): Promise<void> {
    for (const chunk of this.filled) this.sheet.stream.write(chunk);
    this.filled = [];
    if (this.used > 0) {
      // A fresh chunk each time: the stream may keep the one handed over.
      this.sheet.stream.write(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(DETAIL_CHUNK_BYTES);
      this.used = 0;
    }
    const target = this.target();
    this.onBuffered?.(this.waiting() + bufferedIn(target));
    // archiver's entry stream is readable-stream 2's PassThrough, which has no
    // `writableNeedDrain` (Node 15's name): its own state says it. Reading only the former never
    // waited — the whole sheet's XML (450 MiB at 1 M rows) could wait in that stream's buffer
    // whenever the rows came faster than deflate took them (D-redemption-pg-1).
    if (needsDrain(target)) {
      await once(target as Writable, 'drain');
    } else if (!target) {
      // The zip is still on an earlier sheet (a new 核销明细（续N） starts while the one before
      // is still being deflated): this sheet's rows wait in its stream's buffers, which nothing
      // bounds. Let the zip move on, and once a few MiB wait, wait until it reaches this sheet
      // (the sheets before it are committed, so it will). Without this, rows read faster than
      // deflate keeps up piled up a sheet at a time: 3.9 GiB RSS at 10 M rows once the detail
      // stopped waiting on per-row allocation lookups (D-redemption-pg-1).
      await new Promise((resolve) => setImmediate(resolve));
      while (!this.target() && this.waiting() > DETAIL_WAIT_BYTES) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
  }

  private target(): Writable | undefined {
    const pipes = this.sheet.stream.pipes;
    return Array.isArray(pipes) ? (pipes[0] as Writable | undefined) : undefined;
  }

  /** Bytes held in the sheet's stream for a zip that has not reached it yet. */
  private waiting(): number {
    const buffers = this.sheet.stream.buffers;
    if (!Array.isArray(buffers)) return 0;
    let bytes = 0;
    for (const buffer of buffers) bytes += Number((buffer as { length?: number }).length ?? 0);
    return bytes;
  }

  /** Flushes, then tells exceljs where its next row (the 合计) goes. */
  async close(): Promise<void> {
    await this.flush();
    this.sheet._rowZero = this.next;
  }
}

/** The style id exceljs gives a number cell with only `numFmt` (what a money column's cells get). */
function numberStyleId(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  numFmt: string,
): number | null {
  const styles = (workbook as unknown as { styles?: { addStyleModel?: unknown } }).styles;
  if (!styles || typeof styles.addStyleModel !== 'function') return null;
  const id = (styles.addStyleModel as (model: object, type: ExcelJS.ValueType) => unknown).call(
    styles,
    { numFmt },
    ExcelJS.ValueType.Number,
  );
  return typeof id === 'number' ? id : null;
}

function footer(sheet: ExcelJS.Worksheet, heading: PackageHeading): void {
  sheet.addRow([]).commit();
  for (const line of [
    `填报单位（盖章）：${heading.operatorName}`,
    '填表人：',
    '审核人：',
    '联系电话：',
    `日期：${localDateString(heading.generatedAt, heading.timeZone)}`,
  ]) {
    sheet.addRow([text(line)]).commit();
  }
}

function titled(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  title: string,
  columns: Array<{ header: string; width: number; money?: boolean }>,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.columns = columns.map((column) => ({
    width: column.width,
    ...(column.money ? { style: { numFmt: MONEY } } : {}),
  }));
  const heading = sheet.addRow([text(title)]);
  heading.font = { bold: true, size: 14 };
  heading.commit();
  sheet.addRow(['单位：元']).commit();
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  return sheet;
}

/**
 * Streams the workbook to `path`, sheet by sheet: 兑付汇总, 资源券发放明细, 核销明细 (continued as
 * needed), 企业使用汇总, 核查异常. `lines` and `events` are async sources read page by page.
 * The file is hashed where it is stored (FilesService.storeGeneratedFile), not read again here.
 */
export async function writePackageWorkbook(
  /** A file, or a stream the zip is written into (the tests' slow reader). */
  path: string | Writable,
  heading: PackageHeading,
  totals: PackageTotals,
  buildExceptions: RedemptionException[],
  /** Read twice: for 资源券发放明细, then (after the detail) for 企业使用汇总 and 核查异常. */
  lines: (pass: 'issued' | 'usage') => AsyncIterable<PackageLine>,
  events: () => AsyncIterable<readonly WriteOffEvent[]>,
  onDetailRow: (rows: number) => void,
  options: {
    /** false: the detail's rows through exceljs's Row model (the tests' reference). */
    directDetailRows?: boolean;
    /**
     * Told, each time the direct rows hand a chunk over, how many bytes of the detail's XML
     * are held ahead of the compression (in the sheet's stream and the zip entry's): the tests
     * check that this stays bounded when the zip's reader is slow (D-redemption-pg-1).
     */
    onDetailBuffered?: (bytes: number) => void;
    /** The tests' small sheets; Excel's limit otherwise. */
    rowsPerDetailSheet?: number;
  } = {},
): Promise<void> {
  const rowsPerDetailSheet = options.rowsPerDetailSheet ?? ROWS_PER_DETAIL_SHEET;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof path === 'string' ? { filename: path } : { stream: path }),
    useStyles: true,
    useSharedStrings: false,
    // archiver's own level (1, the fastest), with a larger output buffer than zlib's 16 KiB:
    // each buffer filled is a round trip from the thread pool to the main thread.
    zip: { zlib: { level: 1, chunkSize: 256 * 1024 } },
  });
  rememberPlainStyles(workbook);
  workbook.creator = '云券 Yunquan';
  workbook.created = heading.generatedAt;
  const year = heading.year;
  const scope =
    heading.kind === 'final'
      ? `${year}年度`
      : `${year}年度（预览，截至${time(heading.asOf, heading.timeZone)}）`;

  // 兑付汇总
  const summary = titled(workbook, '兑付汇总', `“海安云”资源券${scope}兑付汇总表`, [
    { header: '项目', width: 22 },
    { header: '资源券张数', width: 12 },
    { header: '核销（元）', width: 16, money: true },
    { header: '冲正（元）', width: 16, money: true },
    { header: '净核销（元）', width: 16, money: true },
    { header: '人民币大写', width: 40 },
  ]);
  for (const star of ['3', '4', '5']) {
    const row = totals.byStar[star] ?? { vouchers: 0, deducted: 0, reversed: 0, net: 0 };
    summary
      .addRow([
        starName(Number(star)),
        row.vouchers,
        yuan(row.deducted),
        yuan(row.reversed),
        yuan(row.net),
        toChineseCapital(row.net),
      ])
      .commit();
  }
  for (const [category, net] of Object.entries(totals.byCategory)) {
    summary
      .addRow([
        `其中：${CATEGORY_NAMES[category] ?? text(category)}`,
        null,
        null,
        null,
        yuan(net),
        toChineseCapital(net),
      ])
      .commit();
  }
  const total = summary.addRow([
    '合计',
    totals.vouchers,
    yuan(totals.deducted),
    yuan(totals.reversed),
    yuan(totals.net),
    toChineseCapital(totals.net),
  ]);
  total.font = { bold: true };
  total.commit();
  footer(summary, heading);
  summary.commit();

  // 资源券发放明细 and 企业使用汇总 both list the year's vouchers: read the lines twice.
  const issued = titled(workbook, '资源券发放明细', `${scope}使用的资源券发放明细`, [
    { header: '序号', width: 8 },
    { header: '名单年度', width: 10 },
    { header: '统一社会信用代码', width: 22 },
    { header: '企业名称', width: 30 },
    { header: '星级', width: 10 },
    { header: '资源券金额（元）', width: 16, money: true },
    { header: '认领日期', width: 12 },
  ]);
  let issuedTotal = 0;
  for await (const line of lines('issued')) {
    issuedTotal += line.amount;
    issued
      .addRow([
        line.lineNo,
        line.listYear,
        text(line.creditCode),
        text(line.enterpriseName),
        starName(line.star),
        yuan(line.amount),
        localDateString(line.grantedAt, heading.timeZone),
      ])
      .commit();
  }
  const issuedSum = issued.addRow(['合计', null, null, null, null, yuan(issuedTotal)]);
  issuedSum.font = { bold: true };
  issuedSum.commit();
  footer(issued, heading);
  issued.commit();

  // 核销明细, continued on further sheets past Excel's row limit.
  const detailColumns = [
    { header: '时间（北京时间）', width: 20 },
    { header: '类型', width: 8 },
    { header: '订单号', width: 24 },
    { header: '统一社会信用代码', width: 22 },
    { header: '企业名称', width: 30 },
    { header: '服务类别', width: 12 },
    { header: '金额（元）', width: 14, money: true },
    { header: '期次', width: 14 },
    { header: '冲正对应核销', width: 38 },
  ];
  const detailTime = detailTimeFormatter(heading.timeZone);
  // As the direct rows take them: XML, as the Latin-1 string of the UTF-8 bytes.
  const nameXml = remembered((name) => utf8Latin1(xmlText(text(name))));
  const categoryXml = remembered((category) =>
    utf8Latin1(xmlText(CATEGORY_NAMES[category] ?? text(category))),
  );
  // Labels (第1期、第2期) were never escaped for formulas: only for XML, as before.
  const labelXml = remembered((label) => utf8Latin1(xmlText(label)));
  const moneyStyle = options.directDetailRows === false ? null : numberStyleId(workbook, MONEY);
  let part = 1;
  let detail = titled(workbook, '核销明细', `${scope}核销明细`, detailColumns);
  let direct = DetailRows.open(detail, moneyStyle, options.onDetailBuffered);
  let inSheet = 0;
  let rows = 0;
  let net = 0;
  for await (const page of events()) {
    for (const event of page) {
      if (inSheet === rowsPerDetailSheet) {
        await direct?.close();
        detail.commit();
        part += 1;
        detail = titled(
          workbook,
          `核销明细（续${part}）`,
          `${scope}核销明细（续${part}）`,
          detailColumns,
        );
        direct = DetailRows.open(detail, moneyStyle, options.onDetailBuffered);
        inSheet = 0;
      }
      const deduction = event.type === 'deduction';
      const signed = deduction ? event.amount : -event.amount;
      net += signed;
      const at = detailTime(event.at);
      if (direct) {
        const type = deduction ? DEDUCTION_LATIN1 : REVERSAL_LATIN1;
        // The texts as XML: per row only the order number and credit code; the name, category
        // and tranche label are few distinct values, escaped once each.
        direct.add(
          utf8Latin1(at),
          type,
          utf8Latin1(xmlText(text(event.orderNo))),
          utf8Latin1(xmlText(text(event.creditCode))),
          nameXml(event.enterpriseName),
          categoryXml(event.category),
          yuanText(signed),
          labelXml(event.tranches),
          deduction ? '' : utf8Latin1(xmlText(event.deductionId)),
        );
        if (direct.full) await direct.flush();
      } else {
        const type = deduction ? '核销' : '冲正';
        const category = CATEGORY_NAMES[event.category] ?? text(event.category);
        const reversalOf = deduction ? '' : event.deductionId;
        detail
          .addRow([
            at,
            type,
            text(event.orderNo),
            text(event.creditCode),
            text(event.enterpriseName),
            category,
            yuan(signed),
            event.tranches,
            reversalOf,
          ])
          .commit();
      }
      inSheet += 1;
      rows += 1;
      if (rows % 5_000 === 0) onDetailRow(rows);
    }
  }
  await direct?.close();
  const detailSum = detail.addRow(['合计', null, null, null, null, null, yuan(net)]);
  detailSum.font = { bold: true };
  detailSum.commit();
  footer(detail, heading);
  detail.commit();

  // 企业使用汇总
  const usage = titled(workbook, '企业使用汇总', `${scope}企业使用汇总`, [
    { header: '序号', width: 8 },
    { header: '统一社会信用代码', width: 22 },
    { header: '企业名称', width: 30 },
    { header: '星级', width: 10 },
    { header: '名单年度', width: 10 },
    { header: '发放（元）', width: 14, money: true },
    { header: '核销（元）', width: 14, money: true },
    { header: '冲正（元）', width: 14, money: true },
    { header: '净核销（元）', width: 14, money: true },
    { header: '作废（元）', width: 14, money: true },
    { header: '年末余额（元）', width: 14, money: true },
  ]);
  const sum = { amount: 0, deducted: 0, reversed: 0, net: 0, voided: 0, balance: 0 };
  const exceptional: PackageLine[] = [];
  for await (const line of lines('usage')) {
    sum.amount += line.amount;
    sum.deducted += line.deducted;
    sum.reversed += line.reversed;
    sum.net += line.net;
    sum.voided += line.voided;
    sum.balance += line.balance;
    const flagged = line.exceptions.length > 0 || line.warnings.length > 0;
    if (flagged && exceptional.length < 100_000) exceptional.push(line);
    usage
      .addRow([
        line.lineNo,
        text(line.creditCode),
        text(line.enterpriseName),
        starName(line.star),
        line.listYear,
        yuan(line.amount),
        yuan(line.deducted),
        yuan(line.reversed),
        yuan(line.net),
        yuan(line.voided),
        yuan(line.balance),
      ])
      .commit();
  }
  const usageSum = usage.addRow([
    '合计',
    null,
    null,
    null,
    null,
    yuan(sum.amount),
    yuan(sum.deducted),
    yuan(sum.reversed),
    yuan(sum.net),
    yuan(sum.voided),
    yuan(sum.balance),
  ]);
  usageSum.font = { bold: true };
  usageSum.commit();
  footer(usage, heading);
  usage.commit();

  // 核查异常
  const checks = titled(workbook, '核查异常', `${scope}核查异常`, [
    { header: '序号', width: 8 },
    { header: '统一社会信用代码', width: 22 },
    { header: '企业名称', width: 30 },
    { header: '异常代码', width: 30 },
    { header: '说明', width: 60 },
  ]);
  for (const code of buildExceptions) {
    checks
      .addRow([
        '—',
        '',
        '（全年）',
        code,
        `${REDEMPTION_EXCEPTIONS[code]}：材料 ${formatYuan(totals.net)}，账本 ${formatYuan(totals.ledgerNet)}`,
      ])
      .commit();
  }
  for (const line of exceptional) {
    for (const code of line.exceptions) {
      checks
        .addRow([
          line.lineNo,
          text(line.creditCode),
          text(line.enterpriseName),
          code,
          REDEMPTION_EXCEPTIONS[code],
        ])
        .commit();
    }
    for (const code of line.warnings) {
      checks
        .addRow([
          line.lineNo,
          text(line.creditCode),
          text(line.enterpriseName),
          code,
          `（预警，供审核参考）${REDEMPTION_WARNINGS[code]}`,
        ])
        .commit();
    }
  }
  if (buildExceptions.length === 0 && exceptional.length === 0) {
    checks.addRow(['', '', '未发现异常']).commit();
  }
  checks.commit();
  await workbook.commit();
}

/** 兑付申请函 (GB/T 9704 conventions as far as the fonts allow) and 承诺书, as one PDF. */
export function packagePdf(
  heading: PackageHeading,
  totals: PackageTotals,
  documentNumber: string,
): Promise<Buffer> {
  const date = localDateString(heading.generatedAt, heading.timeZone);
  const [y, m, d] = date.split('-').map(Number);
  const chineseDate = `${y}年${m}月${d}日`;
  const amount = `${formatYuan(totals.net)}（人民币${toChineseCapital(totals.net)}）`;
  const year = heading.year;
  const body = (content: string) => ({
    text: content,
    leadingIndent: 32,
    lineHeight: 1.6,
    margin: [0, 0, 0, 6],
  });
  const definition = {
    pageSize: 'A4',
    // GB/T 9704: 天头 37 mm, 订口 28 mm; text area 156 × 225 mm.
    pageMargins: [79, 105, 74, 99],
    defaultStyle: { font: 'NotoSerifSC', fontSize: 15 },
    info: { title: `${year}年度“海安云”资源券兑付申请`, creator: '云券 Yunquan' },
    content: [
      heading.kind === 'preview'
        ? {
            text: '（预览稿，非正式材料）',
            alignment: 'center',
            color: '#a8071a',
            margin: [0, 0, 0, 8],
          }
        : '',
      {
        text: `${heading.operatorName}`,
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        color: '#c00000',
      },
      {
        canvas: [
          { type: 'line', x1: 0, y1: 6, x2: 442, y2: 6, lineWidth: 2, lineColor: '#c00000' },
        ],
        margin: [0, 0, 0, 12],
      },
      { text: documentNumber, alignment: 'center', margin: [0, 0, 0, 18] },
      {
        text: `关于申请兑付${year}年度“海安云”资源券的函`,
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        margin: [0, 0, 0, 18],
      },
      { text: '海安市数据局：', margin: [0, 0, 0, 6] },
      body(
        `根据《“海安云”资源券助企业上云管理办法（试行）》第十五条，现将我单位${year}年度（${year}年1月1日至12月31日，北京时间）企业使用“海安云”资源券的发放明细、核销明细和企业使用情况报送贵局，申请兑付资源券核销金额共计${amount}。`,
      ),
      body(
        `本年度共有${totals.vouchers}张资源券发生核销，核销${formatYuan(totals.deducted)}，冲正${formatYuan(totals.reversed)}，净核销${formatYuan(totals.net)}，与平台台账一致。`,
      ),
      body('请予审核。'),
      { text: '附件：1. 兑付汇总表', margin: [0, 12, 0, 0] },
      { text: '2. 资源券发放明细', margin: [48, 0, 0, 0] },
      { text: '3. 核销明细', margin: [48, 0, 0, 0] },
      { text: '4. 企业使用汇总', margin: [48, 0, 0, 0] },
      { text: '5. 核查异常', margin: [48, 0, 0, 0] },
      {
        table: {
          widths: [120],
          heights: [120],
          body: [
            [{ text: '（盖章）', alignment: 'center', color: '#999999', margin: [0, 48, 0, 0] }],
          ],
        },
        layout: { hLineColor: () => '#c00000', vLineColor: () => '#c00000' },
        alignment: 'right',
        margin: [280, 24, 0, 0],
      },
      { text: heading.operatorName, alignment: 'right', margin: [0, 8, 0, 0] },
      { text: chineseDate, alignment: 'right', pageBreak: 'after' },
      {
        text: '承诺书',
        font: 'NotoSansSC',
        bold: true,
        fontSize: 22,
        alignment: 'center',
        margin: [0, 0, 0, 18],
      },
      body(`我单位郑重承诺，对报送的${year}年度“海安云”资源券兑付材料：`),
      body('一、所报材料真实、完整，发放明细、核销明细和企业使用汇总均由平台台账生成，未经改动；'),
      body(
        '二、资源券仅用于抵扣企业在海安云的计算、存储、网络、安全服务费用，未以任何形式兑换现金；',
      ),
      body('三、同一账单未重复核销；'),
      body('四、如经核查发现不符合兑付条件的款项，我单位将如数退还。'),
      {
        text: `承诺单位：${heading.operatorName}（盖章）`,
        alignment: 'right',
        margin: [0, 36, 0, 0],
      },
      { text: '法定代表人或授权代表（签字）：', alignment: 'right', margin: [0, 12, 0, 0] },
      { text: chineseDate, alignment: 'right', margin: [0, 12, 0, 0] },
    ],
  };
  return renderPdf(definition);
}
