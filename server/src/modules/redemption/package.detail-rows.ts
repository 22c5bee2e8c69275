/**
 * The detail sheets' rows (核销明细, ten million at a time) written as XML straight into exceljs's
 * sheet stream (D-redemption-xml-1, D-redemption-node-1): the time formatter, the escapes, the
 * amounts as text and the byte chunks handed to the zip with its backpressure (D-redemption-pg-1).
 * The rest of the package's documents are in package.documents.ts.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { localDateString } from '../../domain/time.js';

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
export function rememberPlainStyles(workbook: ExcelJS.stream.xlsx.WorkbookWriter): void {
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
export function remembered(convert: (value: string) => string): (value: string) => string {
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

export const DEDUCTION_LATIN1 = utf8Latin1('核销');
export const REVERSAL_LATIN1 = utf8Latin1('冲正');

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

export class DetailRows {
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
export function numberStyleId(
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
