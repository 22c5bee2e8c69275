/**
 * Stopping the server (issue 10 §4): on SIGTERM it stops accepting, answers the requests already
 * in progress, stops its jobs, closes the database — releasing the embedded database's lock, so a
 * new process can start on the same data directory at once — and exits 0 within 10 s.
 * Runs the real server as `npm start` would (e2e/support/server.ts), on the embedded database, and
 * on PostgreSQL too when DATABASE_URL is set.
 */
import http from 'node:http';
import net from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../../e2e/support/server.js';
import { type JobDefinition, startJobs } from '../../src/jobs/scheduler.js';
import { createTestApp } from '../helpers/app.js';

const SHUTDOWN_LIMIT_MS = 10_000;
const servers: RunningServer[] = [];

async function start(env: Record<string, string>, dataDir?: string) {
  // LOG_LEVEL=info: the server logs each request it reads, with the client's port.
  const server = await startServer({ env: { DEMO: 'false', LOG_LEVEL: 'info', ...env }, dataDir });
  servers.push(server);
  return server;
}

/** What one request came to: a status, or the client's error code and the local port it used. */
interface Outcome {
  status?: number;
  error?: string;
  /** The client's port once connected: the server logs it (req.remotePort) for each request it reads. */
  localPort?: number;
}

/**
 * One request on its own connection: a request on an idle keep-alive connection can cross the
 * server's closing of it (a reset any HTTP/1.1 client must retry), which is not what this tests.
 */
function healthOnNewConnection(base: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let localPort: number | undefined;
    const request = http.get(`${base}/api/health`, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? 'failed', localPort }),
      );
    });
    request.on('socket', (socket) => {
      socket.on('connect', () => {
        localPort = socket.localPort;
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? 'failed', localPort }),
    );
  });
}

/** The client ports of the requests the server read (Fastify's "incoming request" log lines). */
function portsTheServerRead(output: string): Set<number> {
  const ports = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.includes('incoming request')) continue;
    try {
      const entry = JSON.parse(line) as { req?: { remotePort?: number } };
      if (entry.req?.remotePort) ports.add(entry.req.remotePort);
    } catch {
      // not a log line
    }
  }
  return ports;
}

/**
 * A request still in progress when the signal comes: its headers are sent, its body only half,
 * and the rest follows after the SIGTERM. A server that stops gracefully reads it to the end and
 * answers it (here 401, an unknown user); one that drops what is in progress leaves it unanswered.
 */
function requestSpanningTheStop(base: string) {
  const url = new URL(base);
  const body = JSON.stringify({ username: 'nobody-shutdown-test', password: 'not-a-password-1' });
  const half = Math.floor(body.length / 2);
  const socket = net.connect(Number(url.port), url.hostname);
  let received = '';
  socket.on('data', (chunk) => {
    received += String(chunk);
  });
  const ended = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(received));
    socket.on('error', () => resolve(received));
  });
  socket.write(
    [
      'POST /api/session/sign-in HTTP/1.1',
      `Host: ${url.host}`,
      `Origin: ${url.origin}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body.slice(0, half),
    ].join('\r\n'),
  );
  return {
    finish() {
      socket.write(body.slice(half));
    },
    /** The response's status line, or '' when the connection ended unanswered. */
    statusLine: ended.then((text) => text.split('\r\n')[0] ?? ''),
    /** The client port, by which the server's log names the request. */
    port: () => socket.localPort,
  };
}

/** Sends requests in a stream, SIGTERMs the server mid-stream, and sorts the outcomes. */
async function stopUnderRequests(server: RunningServer) {
  const outcomes: Outcome[] = [];
  const requests: Promise<void>[] = [];
  let sending = true;
  const sender = (async () => {
    while (sending) {
      requests.push(
        healthOnNewConnection(server.url).then((outcome) => {
          outcomes.push(outcome);
        }),
      );
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const inProgress = requestSpanningTheStop(server.url);
  await new Promise((r) => setTimeout(r, 200));
  const stoppedAt = Date.now();
  const stopped = server.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  inProgress.finish();
  await stopped;
  const tookMs = Date.now() - stoppedAt;
  sending = false;
  await sender;
  await Promise.all(requests);
  return {
    tookMs,
    outcomes,
    exitCode: server.exitCode(),
    inProgressStatus: await inProgress.statusLine,
    inProgressPort: inProgress.port(),
    readPorts: portsTheServerRead(server.output()),
  };
}

function expectCleanStop(result: Awaited<ReturnType<typeof stopUnderRequests>>) {
  expect(result.exitCode).toBe(0);
  expect(result.tookMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
  // The request in progress is answered, never dropped (a server that exits on close leaves it
  // unanswered: ''). Read before closing began, it is answered in full: 401, an unknown user. On
  // a busy machine its headers, sent 200 ms before the SIGTERM, may still wait in the socket
  // when closing begins; Fastify then refuses it as new work with 503 before logging it as read.
  if (result.readPorts.has(result.inProgressPort ?? -1)) {
    expect(result.inProgressStatus).toBe('HTTP/1.1 401 Unauthorized');
  } else {
    expect(['HTTP/1.1 401 Unauthorized', 'HTTP/1.1 503 Service Unavailable']).toContain(
      result.inProgressStatus,
    );
  }
  // A request the server read either got its answer or — arriving once closing had begun — a 503
  // telling it to go elsewhere; none got a 500.
  const statuses = result.outcomes.flatMap((o) => (o.status === undefined ? [] : [o.status]));
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
  // Any other request found the door closed: refused, or — a connection the kernel had queued
  // when the listening socket closed, before Node accepted and read it — reset. A reset is a
  // failure only when the server had read that request (cut off halfway).
  expect(result.readPorts.size).toBeGreaterThan(0);
  const failed = result.outcomes.filter((o) => o.error !== undefined);
  expect(failed.filter((o) => o.error !== 'ECONNREFUSED' && o.error !== 'ECONNRESET')).toEqual([]);
  const cutOff = failed.filter(
    (o) => o.localPort !== undefined && result.readPorts.has(o.localPort),
  );
  expect(cutOff).toEqual([]);
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
