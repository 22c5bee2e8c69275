/**
 * The server survives its database (issue 9, item 6; D-db-survival-1/2), over real HTTP
 * against a real server process on PostgreSQL:
 *   1. the server's backends are terminated (pg_terminate_backend) again and again under a
 *      load of deductions;
 *   2. a TCP proxy between server and PostgreSQL is cut (every socket destroyed, new ones
 *      refused) for ~3 s under load, then restored.
 * Both: the process stays up; every answer is 201 or 503 problem+json SERVICE_UNAVAILABLE
 * with Retry-After and no database address (never a 500, never a hang); afterwards every
 * 201 is in the ledger and audited, the ledger verifies, and retrying each 503'd request
 * with its Idempotency-Key deducts it exactly once. PostgreSQL only.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../../clients/node/yunquan-client.mjs';
import { freePort, type RunningServer, startServer } from '../../../e2e/support/server.js';
import { verifyLedger } from '../../src/modules/ledger/ledger.verify.js';
import type { DemoCredentials } from '../../src/seed/demo-vouchers.js';
import { createTestDatabase, type TestDatabase, usingPostgres } from '../helpers/database.js';

const APPLICATION_NAME = 'yq-db-faults-server';
const CONNECT_TIMEOUT_MS = 1_000;
const SERVER_ENV = {
  LOG_LEVEL: 'warn',
  OPEN_API_RATE_LIMIT_PER_MINUTE: '10000000',
  JOBS: 'false',
  DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
  DATABASE_ACQUIRE_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS * 3),
};
/** A request that takes longer than this is a hang, whatever the machine's load. */
const HANG_MS = 20_000;

interface Sent {
  key: string;
  body: { orderNo: string; creditCode: string; category: string; amount: number };
  status: number;
  code?: string;
  retryAfter: string | null;
  contentType: string | null;
  text: string;
  deductionId?: string;
  ms: number;
  at: number;
}

async function post(
  baseUrl: string,
  credentials: DemoCredentials['apiClient'],
  body: Sent['body'],
  key: string,
) {
  const urlPath = '/api/open/v1/deductions';
  const text = JSON.stringify(body);
  const timestamp = String(Date.now());
  const started = performance.now();
  const response = await fetch(baseUrl + urlPath, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': key,
      'x-key-id': credentials.keyId,
      'x-timestamp': timestamp,
      'x-signature': sign(credentials.secret, 'POST', urlPath, timestamp, key, text),
    },
    body: text,
    signal: AbortSignal.timeout(HANG_MS),
  });
  const answer = await response.text();
  const ms = performance.now() - started;
  let parsed: { code?: string; deductionId?: string } = {};
  try {
    parsed = JSON.parse(answer);
  } catch {
    // a non-JSON answer is itself a failure the assertions below report
  }
  return {
    status: response.status,
    code: parsed.code,
    deductionId: parsed.deductionId,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
    idempotencyHit: response.headers.get('idempotency-hit') === 'true',
    text: answer,
    ms,
  };
}

/** A tiny TCP proxy that can be cut (sockets destroyed, new connections refused) and restored. */
class CuttableProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async open(): Promise<void> {
    const server = net.createServer((downstream) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [downstream, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => {
          this.sockets.delete(socket);
          downstream.destroy();
          upstream.destroy();
        });
      }
      downstream.pipe(upstream);
      upstream.pipe(downstream);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** The network goes: every connection dies at once and no new one is accepted. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  close(): Promise<void> {
    return this.cut();
  }
}

describe.skipIf(!usingPostgres)('the server survives its database (PostgreSQL)', () => {
  let db: TestDatabase;
  let credentials: DemoCredentials;
  let admin: pg.Client;
  let dataDir: string | undefined;
  let seq = 0;
  const tag = `${process.pid}-${Date.now()}`;

  const withApplicationName = (url: string) => {
    const u = new URL(url);
    u.searchParams.set('application_name', APPLICATION_NAME);
    return u.toString();
  };

  const start = async (databaseUrl: string) => {
    const server = await startServer({
      dataDir,
      env: { ...SERVER_ENV, DATABASE_URL: withApplicationName(databaseUrl) },
    });
    dataDir = server.dataDir;
    credentials ??= JSON.parse(
      fs.readFileSync(path.join(server.dataDir, 'demo-credentials.json'), 'utf8'),
    );
    return server;
  };

  const creditCode = () => {
    const enterprise = credentials.enterprises.find((e) => e.stage === 'fresh' && e.star === 5);
    if (!enterprise) throw new Error('no fresh 5★ demo enterprise');
    return enterprise.creditCode;
  };

  /** `workers` clients deducting 1 fen each in a loop until `stop()` resolves. */
  const load = async (server: RunningServer, workers: number, during: () => Promise<void>) => {
    const sent: Sent[] = [];
    const failures: string[] = [];
    let running = true;
    const t0 = performance.now();
    const loops = Array.from({ length: workers }, async () => {
      while (running) {
        const n = ++seq;
        const key = `fault-${tag}-${n}`;
        const body = {
          orderNo: `F-${tag}-${n}`,
          creditCode: creditCode(),
          category: 'compute',
          amount: 1,
        };
        const at = performance.now() - t0;
        try {
          const answer = await post(server.url, credentials.apiClient, body, key);
          sent.push({ key, body, at, ...answer });
        } catch (error) {
          // The server did not answer at all (connection refused: the process is gone; an
          // abort: a hang). Either is what this test exists to catch.
          failures.push(`${key}: ${String(error)}`);
          if (server.exited()) return;
        }
      }
    });
    try {
      await during();
    } finally {
      running = false;
      await Promise.all(loops);
    }
    return { sent, failures, t0 };
  };

  /** What every fault test asserts about the answers and the database afterwards. */
  const assertSurvived = async (server: RunningServer, sent: Sent[], failures: string[]) => {
    expect(server.exited(), `server process ended:\n${server.output().slice(-3000)}`).toBe(false);
    expect(failures, 'requests without an answer').toEqual([]);
    const statuses = new Map<number, number>();
    for (const s of sent) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
    const unexpected = sent.filter((s) => s.status !== 201 && s.status !== 503);
    expect(
      unexpected.map((s) => `${s.status} ${s.text.slice(0, 300)}`),
      `answers other than 201/503 (all: ${JSON.stringify([...statuses])})`,
    ).toEqual([]);
    const unavailable = sent.filter((s) => s.status === 503);
    expect(unavailable.length, 'the fault was felt (some 503)').toBeGreaterThan(0);
    for (const s of unavailable) {
      expect(s.code).toBe('SERVICE_UNAVAILABLE');
      expect(s.contentType).toContain('application/problem+json');
      expect(Number(s.retryAfter)).toBeGreaterThan(0);
      // Never where the database is.
      expect(s.text).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}\b|ECONN|postgres/i);
    }
    const acknowledged = sent.filter((s) => s.status === 201);
    expect(acknowledged.length).toBeGreaterThan(0);

    // Retry every 503'd request with its own key and body until the database answers it.
    // A request that had committed in doubt (the connection died at COMMIT) is answered
    // from its stored response; the others are deducted now. Either way: exactly once.
    for (const s of unavailable) {
      let answer = await post(server.url, credentials.apiClient, s.body, s.key);
      for (let i = 0; i < 20 && answer.status === 503; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await post(server.url, credentials.apiClient, s.body, s.key);
      }
      expect(answer.status, answer.text).toBe(201);
      acknowledged.push({ ...s, status: 201, deductionId: answer.deductionId });
    }
    const orders = sent.map((s) => s.body.orderNo);
    const rows = await db.database.raw.query<{ order_no: string; id: string }>(
      'SELECT order_no, id FROM deductions WHERE order_no = ANY($1::text[])',
      [orders],
    );
    // Every acknowledged deduction is there, and every request is deducted exactly once.
    const ids = new Set(rows.map((r) => r.id));
    expect(acknowledged.filter((a) => !ids.has(a.deductionId as string))).toEqual([]);
    expect(rows.length).toBe(new Set(orders).size);
    expect(new Set(rows.map((r) => r.order_no)).size).toBe(rows.length);
    expect((await verifyLedger(db.database.raw)).violations).toEqual([]);

    // Every committed deduction has its success audit row (an entry kept in the backlog
    // during the fault is written once the database answers: wait for it).
    let unaudited: Array<{ order_no: string }> = [];
    for (let i = 0; i < 40; i++) {
      unaudited = await db.database.raw.query<{ order_no: string }>(
        `SELECT d.order_no FROM deductions d
          WHERE d.order_no = ANY($1::text[])
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'open-api.deduct'
                              AND a.outcome = 'success' AND a.target_id = d.order_no)`,
        [orders],
      );
      if (unaudited.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(unaudited, 'committed deductions without their audit row').toEqual([]);
    return { statuses, acknowledged: acknowledged.length, unavailable: unavailable.length };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    admin.on('error', () => {});
    await admin.connect();
  }, 180_000);
  afterAll(async () => {
    await admin?.end();
    await db?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('terminated backends under load: the process stays up, 201 or 503, nothing lost', async () => {
    const server = await start(db.url as string);
    try {
      const database = new URL(db.url as string).pathname.slice(1);
      let terminated = 0;
      const { sent, failures } = await load(server, 12, async () => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        for (let round = 0; round < 6; round++) {
          // Only the server's connections, only in this test's database.
          const result = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = $1 AND application_name = $2 AND pid <> pg_backend_pid()`,
            [database, APPLICATION_NAME],
          );
          terminated += result.rowCount ?? 0;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        await new Promise((resolve) => setTimeout(resolve, 800));
      });
      expect(terminated).toBeGreaterThan(0);
      const figures = await assertSurvived(server, sent, failures);
      console.log('pg_terminate_backend:', { terminated, ...figures });
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('a cut network under load: 503 + Retry-After while cut, back within seconds, nothing lost', async () => {
    const target = new URL(db.url as string);
    const proxy = new CuttableProxy(await freePort(), {
      host: target.hostname,
      port: Number(target.port || 5432),
    });
    await proxy.open();
    const viaProxy = new URL(db.url as string);
    viaProxy.port = String(proxy.port);
    const server = await start(viaProxy.toString());
    let cutAt = 0;
    let restoredAt = 0;
    try {
      const { sent, failures, t0 } = await load(server, 12, async () => {
        await new Promise((resolve) => setTimeout(resolve, 800));
        cutAt = performance.now();
        await proxy.cut();
        // While cut: the health check says so, quickly, with Retry-After.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const health = await fetch(`${server.url}/api/health`, {
          signal: AbortSignal.timeout(HANG_MS),
        });
        expect(health.status).toBe(503);
        expect(health.headers.get('retry-after')).toBeTruthy();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        await proxy.open();
        restoredAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      });
      const figures = await assertSurvived(server, sent, failures);
      // Requests sent well inside the cut were all refused, each within the configured bound
      // (plus generous slack for a loaded 2-core machine): none waited for the network.
      const inside = sent.filter(
        (s) => s.at > cutAt - t0 + 200 && s.at + s.ms < restoredAt - t0 - 200,
      );
      expect(inside.length).toBeGreaterThan(0);
      expect(inside.filter((s) => s.status !== 503)).toEqual([]);
      const slowest = Math.max(...inside.map((s) => s.ms));
      expect(slowest).toBeLessThan(CONNECT_TIMEOUT_MS + 5_000);
      const firstAfter = sent
        .filter((s) => s.status === 201 && s.at + s.ms > restoredAt - t0)
        .map((s) => s.at + s.ms - (restoredAt - t0));
      expect(firstAfter.length, 'a 201 after the network came back').toBeGreaterThan(0);
      console.log('proxy cut:', {
        ...figures,
        insideCut: inside.length,
        slowestInsideMs: Math.round(slowest),
        firstCreatedAfterRestoreMs: Math.round(Math.min(...firstAfter)),
      });
    } finally {
      await server.stop();
      await proxy.close();
    }
  }, 180_000);
});
