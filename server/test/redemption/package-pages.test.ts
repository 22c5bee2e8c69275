/**
 * The package's detail reads the year's write-offs a page at a time, keyset on (created_at, id)
 * (D-redemption-node-1). The cursor must be the last row's own instant: with it cut to the
 * millisecond (a `Date`, as before), the last row of a page came again at the top of the next
 * whenever its instant had microseconds — as any `now()` stamp has — and the detail's 合计
 * counted it twice. Pages of two over bills stamped with microseconds must give every bill once,
 * in time order, with the time in whole milliseconds as a `Date` would hold it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import {
  newWriteOffLookups,
  type WriteOffEvent,
  writeOffPage,
} from '../../src/modules/redemption/package.query.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
const sql = () => t.app.services.database.raw;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2025-06-01T02:00:00Z') });
  world = await buildVoucherWorld(t.app, 2025);
  const { creditCode } = await world.enterpriseWithVoucher(3);
  t.clock.advance(3_600_000);
  for (let bill = 1; bill <= 7; bill += 1) {
    await sql().transaction((tx) =>
      t.app.services.ledger.deduct(
        tx,
        { orderNo: `PG-${bill}`, creditCode, category: 'compute', amount: 1_000 * bill },
        { clientId: world.clientId, operatorId: world.operatorId },
      ),
    );
  }
  // Microseconds on every bill (a whole millisecond on one), a second apart, in order.
  await sql().query(
    `UPDATE deductions d SET created_at = timestamptz '2025-06-01 10:00:00+08'
                                         + n * interval '1 second'
                                         + CASE WHEN n = 4 THEN interval '0' ELSE n * interval '123457 microseconds' END
       FROM (SELECT id, row_number() OVER (ORDER BY order_no) AS n FROM deductions) o
      WHERE o.id = d.id`,
  );
});

afterAll(async () => {
  await t?.close();
});

describe('the detail’s pages', () => {
  it('give every bill once, in time order, across pages of two', async () => {
    const window = {
      year: 2025,
      start: new Date('2024-12-31T16:00:00Z'),
      asOf: new Date('2025-12-31T16:00:00Z'),
    };
    const lookups = newWriteOffLookups();
    const seen: WriteOffEvent[] = [];
    let after: { atMicros: string; id: string } | null = null;
    for (let page = 0; page < 20; page += 1) {
      const rows = await writeOffPage(sql(), window, 'deduction', after, 2, lookups);
      seen.push(...rows);
      const last = rows.at(-1);
      if (!last || rows.length < 2) break;
      after = { atMicros: last.atMicros, id: last.id };
    }
    const expected = await sql().query<{ id: string; order_no: string; ms: string }>(
      `SELECT id, order_no, floor(extract(epoch FROM created_at) * 1000)::bigint::text AS ms
         FROM deductions ORDER BY created_at, id`,
    );
    expect(seen.map((event) => event.orderNo)).toEqual(expected.map((row) => row.order_no));
    expect(new Set(seen.map((event) => event.id)).size).toBe(7);
    // The milliseconds are those a Date read by node-postgres holds (it truncates).
    expect(seen.map((event) => event.at)).toEqual(expected.map((row) => Number(row.ms)));
    const [first] = await sql().query<{ created_at: Date }>(
      'SELECT created_at FROM deductions WHERE id = $1',
      [seen[0]?.id],
    );
    expect(seen[0]?.at).toBe(first?.created_at.getTime());
  });
});
