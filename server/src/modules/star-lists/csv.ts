/**
 * CSV as officials' spreadsheets save it: text decoding (UTF-8 with or without BOM, UTF-16
 * with BOM, and GB18030/GBK, which Chinese Excel and WPS use for "CSV (逗号分隔)") and an
 * RFC 4180 parser (quoted fields, doubled quotes, commas and line breaks inside quotes,
 * CRLF / LF / CR). Pure: bytes in, records out.
 */

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

// C0 controls other than tab, line feed and carriage return, and DEL: never in a spreadsheet
// saved as text, always in binaries.
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function tryDecode(encoding: TextEncoding, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a text file, or gives null when the bytes are not text in any encoding we accept
 * (a binary file, or bytes that decode only with control characters in them). Without a BOM,
 * UTF-8 is tried first (GB18030 byte pairs are almost never valid UTF-8), then GB18030,
 * a superset of GBK and GB2312.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } | null {
  let candidates: Array<[TextEncoding, number]>;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) candidates = [['utf-8', 3]];
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) candidates = [['utf-16le', 2]];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) candidates = [['utf-16be', 2]];
  else
    candidates = [
      ['utf-8', 0],
      ['gb18030', 0],
    ];
  for (const [encoding, skip] of candidates) {
    const text = tryDecode(encoding, bytes.subarray(skip));
    if (text !== null && !CONTROL_CHARACTERS.test(text)) return { text, encoding };
  }
  return null;
}

export interface CsvResult {
  /** Every record in order; an empty line is a record with one empty field. */
  records: string[][];
  /** Set when the text ends inside a quoted field: 1-based record number where it opened. */
  unterminatedQuoteAt: number | null;
}

/**
 * The delimiter of a file: a comma, unless the first non-empty line has tabs and no comma
 * (Excel's "Unicode text" and copies out of a spreadsheet are tab-separated).
 */
export function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  return firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
}

/**
 * Parses CSV text per RFC 4180, leniently where Excel is: a quote inside an unquoted field is
 * kept as a character. A final line break does not start another record.
 */
export function parseCsv(text: string, delimiter: ',' | '\t' = ','): CsvResult {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteOpenedAt = 0;
  let fieldStarted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const char = text.charAt(i);
    if (inQuotes) {
      if (char === '"') {
        if (text.charAt(i + 1) === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
      quoteOpenedAt = records.length + 1;
      i += 1;
      continue;
    }
    if (char === delimiter) {
      endField();
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      endRecord();
      i += char === '\r' && text.charAt(i + 1) === '\n' ? 2 : 1;
      continue;
    }
    field += char;
    fieldStarted = true;
    i += 1;
  }
  // Text after the last line break (or a file without one) is the last record.
  if (fieldStarted || record.length > 0 || inQuotes) endRecord();
  return { records, unterminatedQuoteAt: inQuotes ? quoteOpenedAt : null };
}
