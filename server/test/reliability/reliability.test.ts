/**
 * Reliability on PostgreSQL, over real HTTP against real server processes started as
 * `npm start` would (quality-bar.md): the overspend race (and a naive implementation that the
 * same check catches), an idempotency storm, two instances on one database, and kill -9
 * under load. PostgreSQL only: the embedded database is one process and one connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { type RunningServer, startServer } from '../../../e2e/support/server.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { verifyLedger } from '../../src/modules/ledger/ledger.verify.js';
import type { DemoCredentials } from '../../src/seed/demo-vouchers.js';
import { createTestDatabase, type TestDatabase, usingPostgres } from '../helpers/database.js';

const SERVER_ENV = { LOG_LEVEL: 'warn', OPEN_API_RATE_LIMIT_PER_MINUTE: '10000000', JOBS: 'false' };

/** Runs `attempts` calls at once; counts what each answered. */
async function race(attempts: number, call: (i: number) => Promise<'accepted' | 'refused'>) {
  const outcomes = await Promise.all(Array.from({ length: attempts }, (_, i) => call(i)));
  return {
    accepted: outcomes.filter((o) => o === 'accepted').length,
    refused: outcomes.filter((o) => o === 'refused').length,
  };
}

/** The overspend check: never more accepted than the balance allows, and no fewer. */
function assertExactlyAffordable(accepted: number, balance: number, bill: number) {
  expect(accepted, 'accepted deductions').toBe(Math.floor(balance / bill));
}

describe.skipIf(!usingPostgres)('reliability on PostgreSQL', () => {
  let db: TestDatabase;
  let server: RunningServer;
  let credentials: DemoCredentials;
  let orderSeq = 0;
  const order = (prefix: string) => `${prefix}-${process.pid}-${++orderSeq}`;

  const clientFor = (target: RunningServer) =>
    new YunquanClient({ baseUrl: target.url, ...credentials.apiClient });
  const fresh = (star: 3 | 4 | 5) => {
    const enterprise = credentials.enterprises.find((e) => e.stage === 'fresh' && e.star === star);
    if (!enterprise) throw new Error(`no fresh ${star}★ demo enterprise`);
    return enterprise.creditCode;
  };
  const deductOnce = async (client: YunquanClient, creditCode: string, amount: number) => {
    const response = await client.raw('POST', '/deductions', {
      body: { orderNo: order('R'), creditCode, category: 'compute', amount },
      idempotencyKey: order('K'),
    });
    if (response.status === 201 && response.body.deducted === amount) return 'accepted' as const;
    if (response.status === 422 && response.body.code === 'NO_AVAILABLE_BALANCE')
      return 'refused' as const;
    // A partial deduction would also be acceptable policy, but with a bill dividing the
    // balance exactly there must be none; anything else is a failure.
    throw new Error(`unexpected answer ${response.status} ${JSON.stringify(response.body)}`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    server = await startServer({ env: { ...SERVER_ENV, DATABASE_URL: db.url as string } });
    credentials = JSON.parse(
      fs.readFileSync(path.join(server.dataDir, 'demo-credentials.json'), 'utf8'),
    );
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('overspend race over HTTP: exactly as many accepted as the balance allows', async () => {
    const creditCode = fresh(5); // tranche 1: ¥35,000
    const client = clientFor(server);
    const { accepted, refused } = await race(240, () => deductOnce(client, creditCode, 20_000));
    assertExactlyAffordable(accepted, 3_500_000, 20_000);
    expect(refused).toBe(240 - 175);
    const { vouchers } = await client.vouchers(creditCode);
    expect(vouchers[0].tranches[0]).toMatchObject({ used: 3_500_000, available: 0 });
    expect((await verifyLedger(db.database.raw)).violations).toEqual([]);
  }, 120_000);

  it('the same check fails a naive read-then-write (the race test can fail)', async () => {
    await db.database.raw.query(
      'CREATE TABLE IF NOT EXISTS naive_wallet (id int PRIMARY KEY, balance bigint NOT NULL)',
    );
    await db.database.raw.query('INSERT INTO naive_wallet VALUES (1, 3500000)');
    const naiveDeduct = async () => {
      const [wallet] = await db.database.raw.query<{ balance: string }>(
        'SELECT balance FROM naive_wallet WHERE id = 1',
      );
      const balance = Number(wallet?.balance);
      if (balance < 20_000) return 'refused' as const;
      await new Promise((resolve) => setTimeout(resolve, 2));
      await db.database.raw.query('UPDATE naive_wallet SET balance = $1 WHERE id = 1', [
        balance - 20_000,
      ]);
      return 'accepted' as const;
    };
    const { accepted } = await race(240, naiveDeduct);
    expect(() => assertExactlyAffordable(accepted, 3_500_000, 20_000)).toThrow();
  }, 60_000);

  it('idempotency storm: one key sent 40 times at once and again in sequence', async () => {
    const client = clientFor(server);
    const creditCode = fresh(4);
    const body = { orderNo: order('S'), creditCode, category: 'storage', amount: 12_345 };
    const concurrent = await Promise.all(
      Array.from({ length: 40 }, () =>
        client.raw('POST', '/deductions', { body, idempotencyKey: 'storm-key' }),
      ),
    );
    const sequential = [];
    for (let i = 0; i < 5; i++)
      sequential.push(
        await client.raw('POST', '/deductions', { body, idempotencyKey: 'storm-key' }),
      );
    const all = [...concurrent, ...sequential];
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(all.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(all.filter((r) => r.headers.get('idempotency-hit') !== 'true')).toHaveLength(1);
    const [count] = await db.database.raw.query<{ n: string }>(
      'SELECT count(*) AS n FROM deductions WHERE order_no = $1',
      [body.orderNo],
    );
    expect(Number(count?.n)).toBe(1);
    const changed = await client.raw('POST', '/deductions', {
      body: { ...body, amount: 1 },
      idempotencyKey: 'storm-key',
    });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  }, 60_000);

  it('two server processes on one database: no overspend', async () => {
    const second = await startServer({ env: { ...SERVER_ENV, DATABASE_URL: db.url as string } });
    try {
      const creditCode = fresh(3); // tranche 1: ¥7,000
      const clients = [clientFor(server), clientFor(second)];
      const { accepted } = await race(160, (i) =>
        deductOnce(clients[i % 2] as YunquanClient, creditCode, 5_000),
      );
      assertExactlyAffordable(accepted, 700_000, 5_000);
      expect((await verifyLedger(db.database.raw)).violations).toEqual([]);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('kill -9 under load: every acknowledged deduction survives; ledger and audit verify', async () => {
    const acknowledged: string[] = [];
    const demoEnterprise = credentials.enterprises.find((e) => e.stage === 'partly-used');
    let current = server;
    for (let round = 0; round < 3; round++) {
      const client = clientFor(current);
      let stop = false;
      const workers = Array.from({ length: 12 }, async () => {
        while (!stop) {
          try {
            const result = await client.deduct({
              orderNo: order('C'),
              creditCode: demoEnterprise?.creditCode as string,
              category: 'compute',
              amount: 1,
            });
            acknowledged.push(result.deductionId);
          } catch {
            // the connection dies with the server: only acknowledged answers count
            return;
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await current.stop('SIGKILL');
      stop = true;
      await Promise.all(workers);
      current = await startServer({
        dataDir: current.dataDir,
        env: { ...SERVER_ENV, DATABASE_URL: db.url as string },
      });
    }
    server = current;
    expect(acknowledged.length).toBeGreaterThan(50);
    const present = await db.database.raw.query<{ id: string }>(
      'SELECT id FROM deductions WHERE id = ANY($1::text[])',
      [acknowledged],
    );
    expect(present.length).toBe(acknowledged.length);
    expect((await verifyLedger(db.database.raw)).violations).toEqual([]);
    expect(await new AuditService(db.database).verify()).toMatchObject({ ok: true });
  }, 300_000);
});
