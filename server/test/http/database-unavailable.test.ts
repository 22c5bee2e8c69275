/**
 * An unreachable database, in process and on either engine (D-db-survival-1/2): which errors
 * count as "unreachable", the 503 problem they become (Retry-After, no address), the health
 * check, the audit entry of a committed change kept and written later instead of the change
 * being answered as failed, and jobs that log instead of crashing. The real faults (backends
 * terminated, a cut network) are in server/test/reliability/db-faults.test.ts on PostgreSQL.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { isDatabaseUnavailable } from '../../src/db/availability.js';
import type { RawSql } from '../../src/db/client.js';
import { toAppError } from '../../src/http/problem.js';
import { type JobDefinition, startJobs } from '../../src/jobs/scheduler.js';
import type { Services } from '../../src/services.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

/** What node-postgres hands us when the server is away, as it hands it. */
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });
const refused = () =>
  withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5434 (postgres://app@db:5434/yq)');
const terminated = () => withCode('57P01', 'terminating connection due to administrator command');

describe('isDatabaseUnavailable', () => {
  it.each([
    ['57P01 admin shutdown', withCode('57P01')],
    ['57P02 crash shutdown', withCode('57P02')],
    ['57P03 starting up / shutting down', withCode('57P03')],
    ['08006 connection failure', withCode('08006')],
    ['53300 too many connections', withCode('53300')],
    ['ECONNREFUSED', refused()],
    ['ECONNRESET', withCode('ECONNRESET')],
    ['connection terminated', new Error('Connection terminated unexpectedly')],
    ['connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['silent network', new Error('Query read timeout')],
    [
      'wrapped by Drizzle',
      Object.assign(new Error('Failed query: select 1'), { cause: withCode('57P01') }),
    ],
    ['dual-stack refusal', new AggregateError([refused(), refused()], '')],
  ])('%s → unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['unique violation', withCode('23505')],
    ['serialization failure', withCode('40001')],
    ['check violation', withCode('23514')],
    ['a programmer error', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['nothing', undefined],
  ])('%s → not unavailable', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('maps to 503 SERVICE_UNAVAILABLE; anything else unexpected stays a 500', () => {
    const mapped = toAppError(refused());
    expect(mapped.appError.code).toBe('SERVICE_UNAVAILABLE');
    expect(mapped.appError.status).toBe(503);
    expect(mapped.unexpected).toBe(false);
    expect(mapped.appError.detail).not.toMatch(/127\.0\.0\.1|5434|postgres/);
    expect(toAppError(new Error('boom')).appError.code).toBe('INTERNAL_ERROR');
  });
});

describe('the app while the database is unreachable', () => {
  let t: TestApp;
  let world: VoucherWorld;
  let client: YunquanClient;
  let order = 0;
  const bill = (creditCode: string, amount = 100) => ({
    orderNo: `U-${++order}`,
    creditCode,
    category: 'compute',
    amount,
  });

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

  /**
   * Runs `fn` while every transaction and every deduction call fails with `error`, or only
   * the first (`times: 1`).
   */
  async function whileTransactionsFail<T>(
    error: () => Error,
    fn: () => Promise<T>,
    times = Number.POSITIVE_INFINITY,
  ): Promise<T> {
    const raw = t.db.database.raw;
    const original = raw.transaction;
    const originalQuery = raw.query;
    let calls = 0;
    raw.transaction = async <R>(work: (tx: RawSql) => Promise<R>): Promise<R> => {
      calls += 1;
      if (calls <= times) throw error();
      return original.call(raw, work) as Promise<R>;
    };
    // A keyed deduction is one statement of its own (yq_deduct, D-ledger-fn-1; a batch
    // yq_deduct_batch, D-ledger-fn-2), not a transaction opened here: it fails the same way.
    raw.query = (async (text: string, ...rest: unknown[]) => {
      if (/yq_deduct(_batch)?\(/.test(text)) {
        calls += 1;
        if (calls <= times) throw error();
      }
      return (originalQuery as (...args: unknown[]) => Promise<unknown>).call(raw, text, ...rest);
    }) as typeof raw.query;
    try {
      return await fn();
    } finally {
      raw.transaction = original;
      raw.query = originalQuery;
    }
  }

  it('a deduction answers 503 problem+json with Retry-After and no database address', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    for (const error of [refused, terminated]) {
      const response = await whileTransactionsFail(error, () =>
        client.raw('POST', '/deductions', { body: bill(creditCode), idempotencyKey: `k-${order}` }),
      );
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.body.title).toContain('服务暂不可用');
      expect(response.body.detail).toContain('数据库暂时无法访问');
      expect(JSON.stringify(response.body)).not.toMatch(/127\.0\.0\.1|5434|ECONN|postgres/i);
    }
  });

  it('the same request with the same key succeeds once the database is back', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const body = bill(creditCode, 250);
    const down = await whileTransactionsFail(refused, () =>
      client.raw('POST', '/deductions', { body, idempotencyKey: 'back-again' }),
    );
    expect(down.status).toBe(503);
    const up = await client.raw('POST', '/deductions', { body, idempotencyKey: 'back-again' });
    expect(up.status).toBe(201);
    expect(up.body.deducted).toBe(250);
  });

  it('a programmer error is still a 500 INTERNAL_ERROR', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const response = await whileTransactionsFail(
      () => new TypeError('x is not a function'),
      () => client.raw('POST', '/deductions', { body: bill(creditCode), idempotencyKey: 'bug' }),
      1,
    );
    expect(response.status).toBe(500);
    expect(response.body.code).toBe('INTERNAL_ERROR');
    expect(response.headers.get('retry-after')).toBeNull();
  });

  it('/api/health answers 503 with Retry-After while the database is away, 200 after', async () => {
    const raw = t.db.database.raw;
    const original = raw.query;
    raw.query = async () => {
      throw withCode('57P03', 'the database system is starting up');
    };
    try {
      const down = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable' });
      expect(down.headers['retry-after']).toBe('2');
    } finally {
      raw.query = original;
    }
    const up = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(up.statusCode).toBe(200);
  });

  it('a committed deduction needs no audit write after its commit: its row committed with it', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const body = bill(creditCode, 300);
    const writer = t.app.services.audit;
    const append = writer.append;
    let attempted = 0;
    writer.append = (entry) => {
      if (entry.action === 'open-api.deduct' && entry.targetId === body.orderNo) attempted += 1;
      return Promise.reject(terminated());
    };
    let response: Awaited<ReturnType<YunquanClient['raw']>>;
    try {
      response = await client.raw('POST', '/deductions', { body, idempotencyKey: 'audit-late' });
    } finally {
      writer.append = append;
    }
    expect(attempted).toBe(0);
    expect(response.status).toBe(201);
    expect(response.body.deducted).toBe(300);
    const rows = await t.db.database.raw.query<{ outcome: string; occurred_at: Date }>(
      `SELECT outcome, occurred_at FROM audit_log WHERE action = 'open-api.deduct' AND target_id = $1`,
      [body.orderNo],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toBe('success');
    expect(new Date(rows[0]?.occurred_at as Date).getTime()).toBe(t.clock.now().getTime());
  });

  it('a refusal whose audit write fails keeps its answer; its entry is written when the database returns', async () => {
    // A refusal commits nothing: its row is the request hook's, through the audit backlog.
    const { creditCode } = await world.enterpriseWithoutVoucher();
    const body = bill(creditCode, 300);
    const writer = t.app.services.audit;
    const append = writer.append;
    let failed = 0;
    writer.append = (entry, occurredAt) => {
      if (entry.action === 'open-api.deduct' && entry.targetId === body.orderNo) {
        failed += 1;
        return Promise.reject(terminated());
      }
      return append.call(writer, entry, occurredAt);
    };
    let response: Awaited<ReturnType<YunquanClient['raw']>>;
    try {
      response = await client.raw('POST', '/deductions', { body, idempotencyKey: 'audit-late-2' });
    } finally {
      writer.append = append;
    }
    expect(failed).toBe(1);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // The backlog retries every second: the entry arrives, once.
    let rows: Array<{ outcome: string; occurred_at: Date }> = [];
    for (let i = 0; i < 40 && rows.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await t.db.database.raw.query(
        `SELECT outcome, occurred_at FROM audit_log WHERE action = 'open-api.deduct' AND target_id = $1`,
        [body.orderNo],
      );
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toBe('failure');
    // When it happened, not when it was finally written.
    expect(new Date(rows[0]?.occurred_at as Date).getTime()).toBe(t.clock.now().getTime());
    expect(await t.app.services.auditLog.verify()).toMatchObject({ ok: true });
  });

  it('an audit write failing for any other reason still fails the request', async () => {
    const { creditCode } = await world.enterpriseWithoutVoucher();
    const writer = t.app.services.audit;
    const append = writer.append;
    writer.append = () => Promise.reject(new Error('audit chain broken'));
    try {
      const response = await client.raw('POST', '/deductions', {
        body: bill(creditCode),
        idempotencyKey: 'audit-bug',
      });
      expect(response.status).toBe(500);
    } finally {
      writer.append = append;
    }
  });
});

describe('jobs while the database is unreachable', () => {
  it('log, do not crash or spin, and catch up once it answers', async () => {
    let available = false;
    let attempts = 0;
    const services = {
      clock: { now: () => new Date('2026-03-02T02:00:00Z') },
      database: {
        raw: {
          async query() {
            attempts += 1;
            if (!available) throw refused();
            return [{ job: 'test.job' }];
          },
        },
      },
    } as unknown as Services;
    let ran = 0;
    const job: JobDefinition = {
      name: 'test.job',
      pattern: '0 0 1 1 *', // once a year: only the start-up catch-up runs here
      run: async () => {
        ran += 1;
        return 'ok';
      },
    };
    const warnings: string[] = [];
    const running = startJobs(services, [job], {
      warn: (_object, message) => warnings.push(message),
      error: (_object, message) => warnings.push(`ERROR ${message}`),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings).toEqual(['job skipped: database unavailable; the next run catches up']);
      expect(attempts).toBe(1); // no spinning: the retry waits (5 s, then longer)
      expect(ran).toBe(0);
      available = true;
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect(ran).toBe(1);
    } finally {
      await running.stop();
    }
  }, 15_000);
});
