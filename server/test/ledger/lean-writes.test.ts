/**
 * What migration 0019 changed about a deduction's writes (D-ledger-rows-1): the ids of the
 * rows a deduction adds are UUIDs in time order (version 7), made by `yq_uuid7()` in the
 * database and `uuid7()` in the server, so new keys go to the right-hand edge of their
 * unique indexes; and a tranche's balance update stays on its page (a HOT update, no new
 * index entries) because the table keeps room on each page.
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { uuid7 } from '../../src/lib/uuid7.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix milliseconds in a version 7 UUID's first 48 bits. */
const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

let t: TestApp;
let world: VoucherWorld;
let client: YunquanClient;
let order = 0;

beforeAll(async () => {
  t = await createTestApp({ env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '100000' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  world = await buildVoucherWorld(t.app);
  client = new YunquanClient({
    baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
});
afterAll(() => t.close());

describe('uuid7() in the server', () => {
  it('is a version 7 UUID carrying the millisecond it was made, ordered by it', () => {
    const at = Date.UTC(2026, 11, 6, 5, 0, 0, 123);
    const ids = Array.from({ length: 500 }, (_, i) => uuid7(at + i));
    for (const [i, id] of ids.entries()) {
      expect(id).toMatch(UUID7);
      expect(msOf(id)).toBe(at + i);
    }
    expect([...ids].sort()).toEqual(ids);
    // The other 74 bits are random: ids of one millisecond differ.
    expect(new Set(Array.from({ length: 500 }, () => uuid7(at))).size).toBe(500);
  });
});

describe('yq_uuid7() in the database', () => {
  it('is a version 7 UUID carrying the clock’s millisecond', async () => {
    const sql = t.db.database.raw;
    const before = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const [row] = await sql.query<{ id: string }>('SELECT yq_uuid7() AS id');
      ids.push(String(row?.id));
    }
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(UUID7);
      expect(msOf(id)).toBeGreaterThanOrEqual(before - 1);
      expect(msOf(id)).toBeLessThanOrEqual(after + 1);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('a deduction’s rows', () => {
  it('have time-ordered ids: the deduction, its transfer and its audit row', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    const before = Date.now();
    const orderNo = `LEAN-${++order}`;
    const answer = await client.deduct({ orderNo, creditCode, category: 'compute', amount: 500 });
    const after = Date.now();
    const sql = t.db.database.raw;
    const [transfer] = await sql.query<{ id: string }>(
      `SELECT id FROM ledger_transfers WHERE deduction_id = $1 AND kind = 'deduct'`,
      [answer.deductionId],
    );
    const [audit] = await sql.query<{ id: string }>(
      `SELECT id FROM audit_log WHERE action = 'open-api.deduct' AND target_id = $1`,
      [orderNo],
    );
    for (const id of [answer.deductionId, transfer?.id, audit?.id]) {
      expect(id).toMatch(UUID7);
      expect(msOf(String(id))).toBeGreaterThanOrEqual(before - 1);
      expect(msOf(String(id))).toBeLessThanOrEqual(after + 1);
    }
  });

  /**
   * The room matters when dead row versions cannot be pruned yet: while an older snapshot is
   * open somewhere in the database (a long report, the redemption package's year-wide
   * statements), every update of a tranche leaves a version that stays. Held open here on
   * PostgreSQL by a second session; PGlite has one session, so there the test only shows that
   * the updates stay on the page.
   */
  it('update the tranche on its own page while an older snapshot is open (HOT updates)', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    const sql = t.db.database.raw;
    const [tranche] = await sql.query<{ id: string; block: string }>(
      `SELECT id, (ctid::text::point)[0]::int AS block FROM voucher_tranches
        WHERE credit_code = $1 AND balance > 0 ORDER BY seq LIMIT 1`,
      [creditCode],
    );
    if (!tranche) throw new Error('no drawable tranche');
    // Fill the tranche's page (and more) with spent rows of its voucher, as the pages of a
    // table with many vouchers are filled.
    await sql.query(
      `INSERT INTO voucher_tranches (id, voucher_id, credit_code, seq, amount, active_from,
              expires_at, balance, used)
       SELECT 'lean-fill-' || g, voucher_id, credit_code, 1000 + g, 1, active_from, expires_at, 0, 1
         FROM voucher_tranches, generate_series(1, 120) g WHERE id = $1`,
      [tranche.id],
    );
    const holder = t.db.url ? new pg.Client({ connectionString: t.db.url }) : undefined;
    try {
      if (holder) {
        await holder.connect();
        await holder.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await holder.query('SELECT count(*) FROM voucher_tranches');
      }
      for (let i = 0; i < 5; i++) {
        await client.deduct({
          orderNo: `LEAN-${++order}`,
          creditCode,
          category: 'compute',
          amount: 300,
        });
      }
    } finally {
      await holder?.end();
    }
    const [after] = await sql.query<{ block: string; used: string }>(
      `SELECT (ctid::text::point)[0]::int AS block, used FROM voucher_tranches WHERE id = $1`,
      [tranche.id],
    );
    expect(Number(after?.used)).toBe(5 * 300);
    expect(Number(after?.block)).toBe(Number(tranche.block));
  });
});
