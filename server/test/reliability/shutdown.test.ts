/**
 * Stopping the server (issue 10 §4): on SIGTERM it stops accepting, answers the requests already
 * in progress, stops its jobs, closes the database — releasing the embedded database's lock, so a
 * new process can start on the same data directory at once — and exits 0 within 10 s.
 * Runs the real server as `npm start` would (e2e/support/server.ts), on the embedded database, and
 * on PostgreSQL too when DATABASE_URL is set.
 */
import http from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../e2e/support/server.js';
import { type JobDefinition, startJobs } from '../../src/jobs/scheduler.js';
import { createTestApp } from '../helpers/app.js';

const SHUTDOWN_LIMIT_MS = 10_000;
const servers: RunningServer[] = [];

async function start(env: Record<string, string>, dataDir?: string) {
  const server = await startServer({ env: { DEMO: 'false', ...env }, dataDir });
  servers.push(server);
  return server;
}

/**
 * One request on its own connection: a request on an idle keep-alive connection can cross the
 * server's closing of it (a reset any HTTP/1.1 client must retry), which is not what this tests.
 */
function healthOnNewConnection(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${base}/api/health`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Sends requests in a stream, SIGTERMs the server mid-stream, and sorts the outcomes. */
async function stopUnderRequests(server: RunningServer) {
  const outcomes: string[] = [];
  const requests: Promise<void>[] = [];
  let sending = true;
  const sender = (async () => {
    while (sending) {
      requests.push(
        healthOnNewConnection(server.url).then(
          (status) => {
            outcomes.push(String(status));
          },
          (error: NodeJS.ErrnoException) => {
            outcomes.push(error.code ?? 'failed');
          },
        ),
      );
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const stoppedAt = Date.now();
  await server.stop('SIGTERM');
  const tookMs = Date.now() - stoppedAt;
  sending = false;
  await sender;
  await Promise.all(requests);
  return { tookMs, outcomes, exitCode: server.exitCode() };
}

function expectCleanStop(result: Awaited<ReturnType<typeof stopUnderRequests>>) {
  expect(result.exitCode).toBe(0);
  expect(result.tookMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
  // A request either got its answer, or — arriving once closing had begun — a 503 telling it to
  // go elsewhere, or found the door closed (refused): none was cut off halfway (ECONNRESET,
  // "socket hang up") and none got a 500.
  const answered = result.outcomes.filter((o) => /^\d+$/.test(o));
  expect(answered.filter((o) => o === '200').length).toBeGreaterThan(0);
  expect(answered.filter((o) => o !== '200' && o !== '503')).toEqual([]);
  expect(result.outcomes.filter((o) => !/^\d+$/.test(o) && o !== 'ECONNREFUSED')).toEqual([]);
}

afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
});

describe('stopping the jobs', () => {
  it('waits for a run in progress to finish, and starts no new one', async () => {
    const t = await createTestApp();
    try {
      const events: string[] = [];
      const job: JobDefinition = {
        name: 'test.slow-job',
        pattern: '0 0 1 1 *',
        async run() {
          events.push('started');
          await new Promise((resolve) => setTimeout(resolve, 300));
          events.push('finished');
          return 'ok';
        },
      };
      const running = startJobs(t.app.services, [job]);
      while (!events.includes('started')) await new Promise((r) => setTimeout(r, 10));
      await running.stop();
      events.push('stopped');
      // The database is closed only after this: a run cut off there would fail half-done.
      expect(events).toEqual(['started', 'finished', 'stopped']);
    } finally {
      await t.close();
    }
  });
});

describe('SIGTERM', () => {
  it('embedded database: answers what is in progress, exits 0 within 10 s, and releases the data directory', async () => {
    const first = await start({});
    const result = await stopUnderRequests(first);
    expectCleanStop(result);
    // The lock is released: a new process starts on the same data directory straight away.
    const second = await start({}, first.dataDir);
    const health = await fetch(`${second.url}/api/health`);
    expect(health.status).toBe(200);
    await second.stop('SIGTERM');
    expect(second.exitCode()).toBe(0);
  }, 240_000);

  it.skipIf(!process.env.DATABASE_URL)(
    'PostgreSQL: exits 0 within 10 s and leaves no connection behind',
    async () => {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const database = `yq_test_shutdown_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${database}`);
      try {
        const url = new URL(process.env.DATABASE_URL as string);
        url.pathname = `/${database}`;
        const server = await start({ DATABASE_URL: url.toString() });
        const result = await stopUnderRequests(server);
        expectCleanStop(result);
        const left = await admin.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
          [database],
        );
        expect(left.rows[0].n).toBe(0);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await admin.end();
      }
    },
    240_000,
  );
});
