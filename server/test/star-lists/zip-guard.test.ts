import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { inspectZip } from '../../src/modules/star-lists/zip-guard.js';
import { listRow, xlsxOf } from './support.js';

const LIMITS = { maxInflatedBytes: 1024 * 1024, maxEntries: 50 };

async function zipOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A copy with `patch` applied to every central-directory record (APPNOTE 4.3.12). */
function patchCentralDirectory(bytes: Buffer, patch: (copy: Buffer, record: number) => void) {
  const copy = Buffer.from(bytes);
  for (let at = 0; at + 4 <= copy.length; at++) {
    if (copy.readUInt32LE(at) === 0x02014b50) patch(copy, at);
  }
  return copy;
}

/**
 * A stored (uncompressed) archive written by hand; with `zip64`, every central record keeps
 * its sizes and offset in a ZIP64 extra field, as .NET's packaging writes them.
 */
function handZip(files: Record<string, string>, zip64: 'none' | 'extra' | 'missing'): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const full = zip64 !== 'none';
    const extra = Buffer.alloc(zip64 === 'extra' ? 28 : 0);
    if (zip64 === 'extra') {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(data.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(full ? 0xffffffff : data.length, 20);
    central.writeUInt32LE(full ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(full ? 0xffffffff : offset, 42);
    centrals.push(central, nameBytes, extra);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('inspectZip', () => {
  it.each(['none', 'extra'] as const)(
    'reads entry sizes from the central directory (ZIP64 extra field: %s)',
    (zip64) => {
      const verdict = inspectZip(
        handZip(
          { 'xl/workbook.xml': '<workbook/>', 'xl/worksheets/sheet1.xml': '<row r="1"/>' },
          zip64,
        ),
        LIMITS,
      );
      expect(verdict).toEqual({
        ok: true,
        entries: new Map([
          ['xl/workbook.xml', 11],
          ['xl/worksheets/sheet1.xml', 12],
        ]),
        worksheetRows: 1,
      });
    },
  );

  it('refuses ZIP64 sizes without their extra field', () => {
    expect(inspectZip(handZip({ 'a.xml': 'x' }, 'missing'), LIMITS)).toEqual({
      ok: false,
      reason: 'ZIP64',
    });
  });

  it('accepts a real workbook and counts its worksheet rows before any parsing', async () => {
    const verdict = inspectZip(await xlsxOf([listRow(1), listRow(2), listRow(3)]), LIMITS);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.entries.has('xl/workbook.xml')).toBe(true);
    expect(verdict.worksheetRows).toBe(4);
  });

  it.each([
    ['random bytes', Buffer.from('this is not a zip archive at all, just text')],
    ['an empty buffer', Buffer.alloc(0)],
  ])('says NOT_A_ZIP for %s', (_name, bytes) => {
    expect(inspectZip(bytes, LIMITS)).toEqual({ ok: false, reason: 'NOT_A_ZIP' });
  });

  it('refuses a truncated archive', async () => {
    const whole = await xlsxOf([listRow(1)]);
    const verdict = inspectZip(whole.subarray(0, Math.floor(whole.length * 0.7)), LIMITS);
    expect(verdict.ok).toBe(false);
  });

  it('refuses an archive whose entries are encrypted', async () => {
    // General-purpose flag bit 0: the entry is encrypted.
    const encrypted = patchCentralDirectory(await xlsxOf([listRow(1)]), (copy, at) =>
      copy.writeUInt16LE(copy.readUInt16LE(at + 8) | 1, at + 8),
    );
    expect(inspectZip(encrypted, LIMITS)).toEqual({ ok: false, reason: 'ENCRYPTED' });
  });

  it('refuses a zip bomb whose declared size is over the limit', async () => {
    const bomb = await zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(2 * 1024 * 1024, 0x20) });
    expect(bomb.length).toBeLessThan(20_000);
    expect(inspectZip(bomb, LIMITS)).toEqual({ ok: false, reason: 'TOO_LARGE_INFLATED' });
  });

  it('refuses a zip bomb that lies about its size, by inflating with a cap', async () => {
    const bomb = await zipOf({ 'xl/worksheets/sheet1.xml': Buffer.alloc(2 * 1024 * 1024, 0x20) });
    const lying = patchCentralDirectory(bomb, (copy, at) => copy.writeUInt32LE(1_000, at + 24));
    expect(inspectZip(lying, LIMITS)).toEqual({ ok: false, reason: 'TOO_LARGE_INFLATED' });
  });

  it('refuses an entry whose content does not match its declared size', async () => {
    const zip = await zipOf({ 'a.xml': 'x'.repeat(500) });
    const lying = patchCentralDirectory(zip, (copy, at) => copy.writeUInt32LE(100, at + 24));
    expect(inspectZip(lying, LIMITS)).toEqual({ ok: false, reason: 'CORRUPT' });
  });

  it('refuses an archive with too many entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}.txt`, 'x']));
    expect(inspectZip(await zipOf(files), LIMITS)).toEqual({
      ok: false,
      reason: 'TOO_MANY_ENTRIES',
    });
  });

  it('counts the inflated size over all entries together', async () => {
    const half = Buffer.alloc(600 * 1024, 0x20);
    expect(inspectZip(await zipOf({ 'a.xml': half }), LIMITS).ok).toBe(true);
    expect(inspectZip(await zipOf({ 'a.xml': half, 'b.xml': half }), LIMITS)).toEqual({
      ok: false,
      reason: 'TOO_LARGE_INFLATED',
    });
  });
});
