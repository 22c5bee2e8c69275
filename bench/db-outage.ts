/**
 * The database stopped for 8 s under load (issue 9, item 6; D-db-survival-1/2), against a
 * PRIVATE PostgreSQL cluster this script creates in /tmp (initdb + pg_ctl on its own port,
 * 5441 by default) — never the shared server. Each run: load the real server process with
 * signed deductions, `pg_ctl stop -m fast` (or `-m immediate`), wait, `pg_ctl start`, keep
 * loading; then retry every unanswered or 503'd request with its Idempotency-Key. Printed
 * per run: process alive, 201 / 503 / 500 / other / no answer, the slowest 503, the time
 * from the database's return to the first 201, acknowledged deductions lost, committed
 * deductions without their audit row, and whether the ledger verifies.
 *
 *   node --import tsx bench/db-outage.ts [--runs 3] [--modes fast,immediate] [--down-ms 8000]
 *     [--clients 16] [--port 5441] [--baseline <dir>]
 *
 * --baseline <dir>: the same runs, first, against the server of another checkout (e.g.
 * `git archive <commit> | tar -x -C <dir>` with node_modules linked), in the same run. A
 * server process that died is started again for the next run (and counted as dead).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '../server/src/db/client.js';
import { verifyLedger } from '../server/src/modules/ledger/ledger.verify.js';
import type { DemoCredentials } from '../server/src/seed/demo-vouchers.js';
import { commandLine, flags, intFlag } from './lib/args.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { pickOne, signedPost } from './lib/open-api.js';
import { type Table, writeResults } from './lib/results.js';
import { seedVoucherHolders } from './lib/seed.js';
import { type BenchServer, startBenchServer } from './lib/server.js';

const args = flags({
  runs: { type: 'string', default: '3' },
  modes: { type: 'string', default: 'fast,immediate' },
  'down-ms': { type: 'string', default: '8000' },
  clients: { type: 'string', default: '16' },
  port: { type: 'string', default: '5441' },
  baseline: { type: 'string' },
});
const RUNS = intFlag(args.runs, 3);
const MODES = String(args.modes)
  .split(',')
  .map((m) => m.trim())
  .filter((m): m is 'fast' | 'immediate' => m === 'fast' || m === 'immediate');
const DOWN_MS = intFlag(args['down-ms'], 8000);
const CLIENTS = intFlag(args.clients, 16);
const PORT = intFlag(args.port, 5441);
const BASELINE = typeof args.baseline === 'string' ? path.resolve(args.baseline) : undefined;
const LOAD_BEFORE_MS = 2_000;
const LOAD_AFTER_MS = 4_000;
const REQUEST_TIMEOUT_MS = 30_000;
const log = (line: string) => console.log(line);

// ---------------------------------------------------------------- the private cluster

const PG_BIN = (() => {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).sort() : [];
  const dir = versions.map((v) => path.join(root, v, 'bin')).reverse()[0];
  if (!dir || !fs.existsSync(path.join(dir, 'pg_ctl'))) {
    throw new Error('pg_ctl not found under /usr/lib/postgresql/*/bin');
  }
  return dir;
})();

/** initdb and pg_ctl refuse to run as root: as root, run them as the postgres user. */
function pgToolCommand(tool: string, toolArgs: string[]): [string, string[]] {
  const command = path.join(PG_BIN, tool);
  return process.getuid?.() === 0
    ? ['runuser', ['-u', 'postgres', '--', command, ...toolArgs]]
    : [command, toolArgs];
}

function pgTool(tool: string, toolArgs: string[]): string {
  const [command, commandArgs] = pgToolCommand(tool, toolArgs);
  return execFileSync(command, commandArgs, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The same, without blocking this process: the load generator must keep sending and timing
 * requests while pg_ctl waits for the cluster to stop or to finish its recovery.
 */
async function pgToolAsync(tool: string, toolArgs: string[]): Promise<void> {
  const [command, commandArgs] = pgToolCommand(tool, toolArgs);
  await promisify(execFile)(command, commandArgs, { encoding: 'utf8' });
}

function createCluster(): {
  dir: string;
  url: string;
  stop(mode: string): Promise<void>;
  start(): Promise<void>;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-survival-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  pgTool('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const logFile = path.join(dir, 'server.log');
  const options = `-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=on`;
  const startArgs = ['-D', dir, '-o', options, '-l', logFile, '-w', 'start'];
  const start = () => pgToolAsync('pg_ctl', startArgs);
  const stop = (mode: string) => pgToolAsync('pg_ctl', ['-D', dir, '-m', mode, '-w', 'stop']);
  pgTool('pg_ctl', startArgs);
  onCleanup(() => {
    try {
      pgTool('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir, url: `postgres://postgres@127.0.0.1:${PORT}/postgres`, stop, start };
}

// ---------------------------------------------------------------- load and checks

interface Sent {
  key: string;
  orderNo: string;
  body: { orderNo: string; creditCode: string; category: string; amount: number };
  status: number | 'no answer';
  deductionId?: string;
  startedAt: number;
  endedAt: number;
}

interface RunResult {
  which: 'current' | 'baseline';
  run: number;
  mode: string;
  alive: boolean;
  created: number;
  unavailable: number;
  internal: number;
  other: number;
  noAnswer: number;
  slowest503Ms: number;
  firstCreatedAfterReturnMs: number | null;
  lost: number;
  unaudited: number;
  retriedOnce: string;
  ledger: string;
  /** 5xx answers that named the database's address (or a socket error code). */
  leaks: number;
}

async function send(
  url: string,
  api: DemoCredentials['apiClient'],
  body: Sent['body'],
  key: string,
): Promise<{ status: number | 'no answer'; deductionId?: string; text: string }> {
  const request = signedPost(api, '/api/open/v1/deductions', body, key);
  try {
    const response = await fetch(url + request.path, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let deductionId: string | undefined;
    try {
      deductionId = (JSON.parse(text) as { deductionId?: string }).deductionId;
    } catch {
      // not JSON (the baseline's 500 bodies are, but be safe)
    }
    return { status: response.status, deductionId, text };
  } catch {
    return { status: 'no answer', text: '' };
  }
}

async function main() {
  if (MODES.length === 0) throw new Error('--modes: fast and/or immediate');
  const machine = machineInfo();
  log(describeMachine(machine));
  log(
    `PostgreSQL stopped for ${DOWN_MS} ms under load (${CLIENTS} clients), ${RUNS} run(s) per mode (${MODES.join(', ')}), private cluster on port ${PORT}${BASELINE ? `, baseline ${BASELINE}` : ''}\n`,
  );
  const cluster = createCluster();
  const adminUrl = cluster.url;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE yq_outage');
  await admin.end();
  const databaseUrl = adminUrl.replace(/\/postgres$/, '/yq_outage');

  const setup = await openDatabase({ databaseUrl, poolSize: 4 });
  await migrateDatabase(setup);
  const creditCodes = await seedVoucherHolders(setup, { count: 40, parallel: 2 });
  await setup.close();

  const results: RunResult[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-outage-'));
  onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    DATABASE_URL: databaseUrl,
    OPEN_API_RATE_LIMIT_PER_MINUTE: '1000000000',
    JOBS: 'false',
  };
  let seq = 0;

  const check = await openDatabase({ databaseUrl, poolSize: 2 });
  onCleanup(() => check.close());

  for (const which of BASELINE ? (['baseline', 'current'] as const) : (['current'] as const)) {
    const root = which === 'baseline' ? BASELINE : undefined;
    let server: BenchServer = await startBenchServer({ dataDir, env, root });
    const credentials = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'),
    ) as DemoCredentials;
    const api = credentials.apiClient;
    for (const mode of MODES) {
      for (let run = 1; run <= RUNS; run++) {
        if (server.exited()) server = await startBenchServer({ dataDir, env, root });
        const target = server;
        const sent: Sent[] = [];
        const t0 = performance.now();
        let loading = true;
        let leaks = 0;
        const workers = Array.from({ length: CLIENTS }, async () => {
          while (loading) {
            const n = ++seq;
            const body = {
              orderNo: `O-${process.pid}-${n}`,
              creditCode: pickOne(creditCodes),
              category: 'compute',
              amount: 100,
            };
            const key = `o-${process.pid}-${n}`;
            const startedAt = performance.now() - t0;
            const answer = await send(target.url, api, body, key);
            sent.push({
              key,
              orderNo: body.orderNo,
              body,
              status: answer.status,
              deductionId: answer.deductionId,
              startedAt,
              endedAt: performance.now() - t0,
            });
            if (
              typeof answer.status === 'number' &&
              answer.status >= 500 &&
              /127\.0\.0\.1|ECONN|:\d{4,5}\b/.test(answer.text)
            ) {
              leaks += 1;
            }
            // A server that is gone answers nothing: do not spin on refused connections.
            if (answer.status === 'no answer') await new Promise((r) => setTimeout(r, 100));
          }
        });
        await new Promise((r) => setTimeout(r, LOAD_BEFORE_MS));
        const stoppingAt = performance.now() - t0;
        await cluster.stop(mode); // -w: resolves when the cluster is down
        const stoppedAt = performance.now() - t0;
        await new Promise((r) => setTimeout(r, DOWN_MS));
        await cluster.start(); // -w: resolves when the cluster accepts connections
        const returnedAt = performance.now() - t0;
        await new Promise((r) => setTimeout(r, LOAD_AFTER_MS));
        loading = false;
        await Promise.all(workers);
        const alive = !server.exited();

        // Retry what was not acknowledged, with its own key, until answered (exactly once).
        if (server.exited()) server = await startBenchServer({ dataDir, env, root });
        const acknowledged = sent.filter((s) => s.status === 201);
        const retried = sent.filter((s) => s.status !== 201 && s.status !== 422);
        let retriedOk = 0;
        for (const s of retried) {
          let answer = await send(server.url, api, s.body, s.key);
          for (let i = 0; i < 40 && answer.status !== 201 && answer.status !== 422; i++) {
            await new Promise((r) => setTimeout(r, 250));
            answer = await send(server.url, api, s.body, s.key);
          }
          if (answer.status === 201 || answer.status === 422) retriedOk += 1;
        }
        // The audit backlog writes within a second of the database's return; give it a few.
        await new Promise((r) => setTimeout(r, 3_000));
        const orders = sent.map((s) => s.orderNo);
        const ids = acknowledged.map((s) => s.deductionId as string);
        const [present] = await check.raw.query<{ n: string }>(
          'SELECT count(*) AS n FROM deductions WHERE id = ANY($1::text[])',
          [ids],
        );
        const [counts] = await check.raw.query<{ n: string; orders: string; unaudited: string }>(
          `SELECT count(*) AS n, count(DISTINCT order_no) AS orders,
                  count(*) FILTER (WHERE NOT EXISTS (
                    SELECT 1 FROM audit_log a WHERE a.action = 'open-api.deduct'
                       AND a.outcome = 'success' AND a.target_id = d.order_no)) AS unaudited
             FROM deductions d WHERE order_no = ANY($1::text[])`,
          [orders],
        );
        const ledger = await verifyLedger(check.raw);
        const answered503 = sent.filter((s) => s.status === 503);
        const firstAfter = acknowledged
          .filter((s) => s.endedAt > returnedAt)
          .map((s) => s.endedAt - returnedAt);
        // Where the slowest 503s sat in the outage (ms from `pg_ctl stop` being called).
        const slowest = answered503
          .slice()
          .sort((a, b) => b.endedAt - b.startedAt - (a.endedAt - a.startedAt))
          .slice(0, 3)
          .map(
            (s) =>
              `${Math.round(s.endedAt - s.startedAt)} ms (sent at ${Math.round(s.startedAt - stoppingAt)})`,
          );
        log(
          `    stop took ${Math.round(stoppedAt - stoppingAt)} ms, database back at ${Math.round(returnedAt - stoppingAt)} ms; slowest 503s: ${slowest.join(', ')}`,
        );
        const result: RunResult = {
          which,
          run,
          mode,
          alive,
          created: acknowledged.length,
          unavailable: answered503.length,
          internal: sent.filter((s) => s.status === 500).length,
          other: sent.filter(
            (s) => typeof s.status === 'number' && ![201, 503, 500].includes(s.status),
          ).length,
          noAnswer: sent.filter((s) => s.status === 'no answer').length,
          slowest503Ms: Math.round(Math.max(0, ...answered503.map((s) => s.endedAt - s.startedAt))),
          firstCreatedAfterReturnMs: firstAfter.length ? Math.round(Math.min(...firstAfter)) : null,
          lost: ids.length - Number(present?.n ?? 0),
          unaudited: Number(counts?.unaudited ?? 0),
          retriedOnce: `${retriedOk}/${retried.length}, ${Number(counts?.n ?? 0) === Number(counts?.orders ?? 0) ? 'no duplicates' : 'DUPLICATES'}`,
          ledger: ledger.ok ? 'ok' : `${ledger.violations.length} violations`,
          leaks,
        };
        results.push(result);
        log(
          `  ${which} ${mode} #${run}: alive ${alive ? 'yes' : 'NO'}, 201 ${result.created}, 503 ${result.unavailable}, 500 ${result.internal}, other ${result.other}, no answer ${result.noAnswer}; ` +
            `slowest 503 ${result.slowest503Ms} ms; first 201 ${result.firstCreatedAfterReturnMs ?? '—'} ms after return; ` +
            `lost ${result.lost}, unaudited ${result.unaudited}, retried ${result.retriedOnce}, ledger ${result.ledger}, address leaks ${leaks}`,
        );
      }
    }
    await server.stop('SIGTERM');
  }

  const table: Table = {
    title: `PostgreSQL stopped ${DOWN_MS / 1000} s under load (${CLIENTS} clients)`,
    columns: [
      'server',
      'stop',
      'run',
      'process alive',
      '201',
      '503',
      '500',
      'other',
      'no answer',
      'slowest 503 ms',
      'DB return → first 201 ms',
      'acknowledged lost',
      'committed unaudited',
      'retries of the rest (same key)',
      'ledger verify',
      '5xx naming the address',
    ],
    rows: results.map((r) => [
      r.which,
      `-m ${r.mode}`,
      r.run,
      r.alive ? 'yes' : 'no',
      r.created,
      r.unavailable,
      r.internal,
      r.other,
      r.noAnswer,
      r.slowest503Ms,
      r.firstCreatedAfterReturnMs ?? '—',
      r.lost,
      r.unaudited,
      r.retriedOnce,
      r.ledger,
      r.leaks,
    ]),
  };
  const files = writeResults('db-outage', { command: commandLine(), machine, tables: [table] });
  const current = results.filter((r) => r.which === 'current');
  const ok = current.every(
    (r) =>
      r.alive &&
      r.internal === 0 &&
      r.noAnswer === 0 &&
      r.lost === 0 &&
      r.unaudited === 0 &&
      r.ledger === 'ok' &&
      r.leaks === 0,
  );
  log(`\n==> ${ok ? 'PASS' : 'FAIL'} (current)`);
  log(`results: ${files.json}, ${files.markdown}`);
  if (!ok) process.exitCode = 1;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
