/**
 * The detail's direct rows wait for the zip's deflate (D-redemption-pg-1): exceljs's sheet
 * stream has no backpressure of its own, so without the wait every row of a sheet could be held
 * as XML in memory ahead of the compression (3.9 GiB RSS at 10 M rows once it happened). The
 * workbook is written into a deliberately slow reader; what is measured is bytes, not time: the
 * most XML ever held ahead of the compression (the sheet's stream and the zip entry's buffer),
 * which must stay near one chunk (or, while the zip has not reached a new sheet yet, the few MiB
 * allowed for it), far below the detail's size. Measured with the wait for the entry's drain
 * removed: 27.9 MB held (the whole of a sheet's XML), and the test fails. Two detail sheets; the
 * second wait (for the zip to reach a new sheet) does not come into play at this size — with the
 * drain wait in place the zip reaches the next sheet before much of it is written.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type PackageHeading,
  type PackageLine,
  type PackageTotals,
  writePackageWorkbook,
} from '../../src/modules/redemption/package.documents.js';
import type { WriteOffEvent } from '../../src/modules/redemption/package.query.js';

const ROWS = 120_000;
const PER_SHEET = 60_000;
const MiB = 1024 * 1024;

const heading: PackageHeading = {
  year: 2026,
  kind: 'final',
  asOf: new Date('2026-12-31T16:00:00Z'),
  timeZone: 'Asia/Shanghai',
  operatorName: '海安云平台服务方',
  generatedAt: new Date('2027-01-10T02:00:00Z'),
};
const totals: PackageTotals = {
  byStar: {},
  byCategory: {},
  net: 0,
  deducted: 0,
  reversed: 0,
  vouchers: 0,
  ledgerNet: 0,
};

async function* noLines(): AsyncIterable<PackageLine> {}

/** Rows made as fast as memory allows, a page of 5,000 at a time, as the build reads them. */
async function* pages(): AsyncIterable<readonly WriteOffEvent[]> {
  const start = Date.UTC(2026, 0, 1);
  for (let first = 0; first < ROWS; first += 5_000) {
    const page: WriteOffEvent[] = [];
    for (let i = first; i < Math.min(first + 5_000, ROWS); i++) {
      const at = start + i * 250_000;
      page.push({
        type: 'deduction',
        id: `d-${i}`,
        at,
        atMicros: `${at * 1000}`,
        orderNo: `HAC${String(i).padStart(12, '0')}`,
        creditCode: `91320621${String(i % 9_973).padStart(9, '0')}X`,
        enterpriseName: `海安测试企业${i % 9_973}有限公司`,
        category: 'compute',
        amount: 1 + ((i * 7_919) % 600_000),
        deductionId: `d-${i}`,
        tranches: '第1期',
      });
    }
    yield page;
  }
}

/** A reader of the zip that takes a chunk only every few milliseconds. */
function slowReader(): Writable & { bytes: number } {
  const reader = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, done) {
      reader.bytes += chunk.length;
      setTimeout(done, 2);
    },
  }) as Writable & { bytes: number };
  reader.bytes = 0;
  return reader;
}

describe('package workbook, detail rows wait for the compression', () => {
  it('holds at most a chunk or a few MiB of XML ahead of a slow zip reader', async () => {
    const reader = slowReader();
    let most = 0;
    let handed = 0;
    await writePackageWorkbook(reader, heading, totals, [], noLines, pages, () => {}, {
      rowsPerDetailSheet: PER_SHEET,
      onDetailBuffered: (bytes) => {
        handed += 1;
        most = Math.max(most, bytes);
      },
    });
    // The detail was big next to the bound (≈ 450 bytes of XML a row), and went out in many
    // chunks, each measured.
    expect(handed).toBeGreaterThan(100);
    expect(reader.bytes).toBeGreaterThan(0);
    // 8 MiB while the zip has not reached a sheet, plus one chunk of ≈ 300 KB, plus the
    // streams' own high-water marks; the detail's XML is ≈ 50 MiB.
    expect(most).toBeLessThan(9 * MiB);
  }, 120_000);
});
