/**
 * Looks inside an .xlsx (a ZIP archive) before the spreadsheet library does, so a hostile or
 * broken file is refused with a reason instead of exhausting memory: every entry is really
 * inflated, with a hard cap on the output (a declared size can lie), encrypted and ZIP64
 * archives are refused, and the parts a workbook needs must be present. Pure apart from zlib.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  /** Largest total of inflated bytes over all entries. */
  maxInflatedBytes: number;
  maxEntries: number;
}

export type ZipVerdict =
  | {
      ok: true;
      /** Entry name → inflated size (folders left out). */
      entries: Map<string, number>;
      /** `<row>` elements over all worksheets: a row count known before any parsing. */
      worksheetRows: number;
    }
  | {
      ok: false;
      reason:
        | 'NOT_A_ZIP'
        | 'ZIP64'
        | 'ENCRYPTED'
        | 'TOO_MANY_ENTRIES'
        | 'TOO_LARGE_INFLATED'
        | 'CORRUPT'
        | 'UNSUPPORTED_COMPRESSION';
    };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= stop; at--) {
    if (bytes.readUInt32LE(at) === EOCD_SIGNATURE) return at;
  }
  return -1;
}

const MAX_32 = 0xffffffff;

/**
 * An entry's sizes and local-header offset from its central-directory record. A field at its
 * 32-bit maximum is given in the ZIP64 extra field (id 0x0001), as .NET's packaging writes on
 * every entry; null when it is missing or beyond what a number holds exactly.
 */
function entrySizes(
  bytes: Buffer,
  record: number,
  extra: Buffer,
): { compressedSize: number; declaredSize: number; localOffset: number } | null {
  let declaredSize = bytes.readUInt32LE(record + 24);
  let compressedSize = bytes.readUInt32LE(record + 20);
  let localOffset = bytes.readUInt32LE(record + 42);
  if (declaredSize !== MAX_32 && compressedSize !== MAX_32 && localOffset !== MAX_32) {
    return { compressedSize, declaredSize, localOffset };
  }
  for (let block = 0; block + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(block);
    const size = extra.readUInt16LE(block + 2);
    const end = Math.min(block + 4 + size, extra.length);
    if (id === 0x0001) {
      let field = block + 4;
      const next = (): number => {
        if (field + 8 > end) return -1;
        const value = extra.readBigUInt64LE(field);
        field += 8;
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : -1;
      };
      // Fixed order: uncompressed size, compressed size, offset — each only if its field is full.
      if (declaredSize === MAX_32) declaredSize = next();
      if (compressedSize === MAX_32) compressedSize = next();
      if (localOffset === MAX_32) localOffset = next();
      if (declaredSize < 0 || compressedSize < 0 || localOffset < 0) return null;
      return { compressedSize, declaredSize, localOffset };
    }
    block += 4 + size;
  }
  return null;
}

/** `<row …>` or `<x:row …>` start tags in a worksheet part. */
function countRowElements(xml: Buffer): number {
  return xml.toString('latin1').match(/<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g)?.length ?? 0;
}

/** Inflates every entry of a ZIP archive within the limits, or says why it will not. */
export function inspectZip(bytes: Buffer, limits: ZipLimits): ZipVerdict {
  if (bytes.length < 22) return { ok: false, reason: 'NOT_A_ZIP' };
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) return { ok: false, reason: 'NOT_A_ZIP' };
  const entryCount = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directoryOffset === 0xffffffff)
    return { ok: false, reason: 'ZIP64' };
  if (entryCount > limits.maxEntries) return { ok: false, reason: 'TOO_MANY_ENTRIES' };
  if (directoryOffset + directorySize > eocd) return { ok: false, reason: 'CORRUPT' };

  const entries = new Map<string, number>();
  let inflatedTotal = 0;
  let worksheetRows = 0;
  let at = directoryOffset;
  for (let n = 0; n < entryCount; n++) {
    if (at + 46 > eocd || bytes.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      return { ok: false, reason: 'CORRUPT' };
    }
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const extraStart = at + 46 + nameLength;
    const sizes = entrySizes(bytes, at, bytes.subarray(extraStart, extraStart + extraLength));
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x1) return { ok: false, reason: 'ENCRYPTED' };
    if (!sizes) return { ok: false, reason: 'ZIP64' };
    const { compressedSize, declaredSize, localOffset } = sizes;
    if (name.endsWith('/')) continue;
    if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
      return { ok: false, reason: 'CORRUPT' };
    }
    const dataStart =
      localOffset +
      30 +
      bytes.readUInt16LE(localOffset + 26) +
      bytes.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > bytes.length) return { ok: false, reason: 'CORRUPT' };
    const data = bytes.subarray(dataStart, dataEnd);

    const budget = limits.maxInflatedBytes - inflatedTotal;
    if (declaredSize > budget) return { ok: false, reason: 'TOO_LARGE_INFLATED' };
    let content: Buffer;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        // One byte over the budget is enough to know it is over.
        content = inflateRawSync(data, { maxOutputLength: budget + 1 });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          return { ok: false, reason: 'TOO_LARGE_INFLATED' };
        }
        return { ok: false, reason: 'CORRUPT' };
      }
    } else {
      return { ok: false, reason: 'UNSUPPORTED_COMPRESSION' };
    }
    if (content.length > budget) return { ok: false, reason: 'TOO_LARGE_INFLATED' };
    // A declared size that does not match the content is a damaged (or lying) archive.
    if (content.length !== declaredSize) return { ok: false, reason: 'CORRUPT' };
    inflatedTotal += content.length;
    entries.set(name, content.length);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) worksheetRows += countRowElements(content);
  }
  return { ok: true, entries, worksheetRows };
}
