/**
 * The server's own CPU per signed deduction (issue 9; docs/benchmarks.md §16): the real server
 * process (`server/src/main.ts`, production log level `info`, its log written to a file as a
 * service manager would) answering POST /api/open/v1/deductions, signed, at N clients. The
 * figure is Node CPU µs per answered request from the server's own `process.cpuUsage()`
 * (user + system, all its threads: JIT and GC included), read before and after each measured
 * phase, divided by the answers it gave in between.
 *
 * With --baseline <dir> (another checkout: `git archive main | tar -x -C <dir>`, node_modules
 * and web linked in) its server runs on the same database beside this one, and the rounds
 * alternate which goes first, so the ratio is taken on the same machine minutes apart.
 * --profile writes a V8 CPU profile of this checkout's server and prints where the measured
 * phases' time went (self time by package/file, top functions).
 *
 *   node --import tsx bench/http-path.ts [--baseline <dir> [--baseline-env K=V,…]]
 *     [--clients 16] [--rounds 6] [--duration 5] [--warmup 3] [--enterprises 500]
 *     [--prefill 5000] [--pool 20] [--log-level info] [--profile]
 *
 * --micro: instead, the pieces changed in D-http-speed-2 timed in a loop in this process,
 * before and after, alternated (µs per request; each a small share of the figure above, too
 * small to resolve end to end on a busy machine).
 *
 * On a shared 2-core box the CPU a process is charged for a request varies with what else
 * runs (a preempted process is charged for cache refills, a busy host steals time from the
 * virtual CPU): short rounds, alternated, and the median of the per-round ratios are what
 * to read; the absolute µs only within one run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, ROOT } from '../e2e/support/server.js';
import { openDatabase } from '../server/src/db/client.js';
import { currentCommitScope, runInCommitScope } from '../server/src/db/commit-scope.js';
import {
  guardAutocommit,
  WRITE_GUARD_EXEMPT_TABLES,
  writtenTables,
} from '../server/src/db/write-guard.js';
import { helmetOptions, securityHeaderSteps } from '../server/src/http/security-headers.js';
import { sha256Hex } from '../server/src/lib/sha256.js';
import type { DemoCredentials } from '../server/src/seed/demo-vouchers.js';
import { flags, intFlag, listFlag } from './lib/args.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { createFreshDatabase, SERVER_URL } from './lib/database.js';
import { runLoad } from './lib/load.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { pickOne, sampleDistinct, signedPost } from './lib/open-api.js';
import { summariseProfile } from './lib/profile.js';
import { seedVoucherHolders } from './lib/seed.js';
import { callerFor, loadRouteCode } from './lib/service-path.js';

const DEDUCT_PATH = '/api/open/v1/deductions';

/** Loaded into the server with --import: on SIGUSR2 it writes its own CPU use to a file. */
const CPU_PRELOAD = `data:text/javascript,${encodeURIComponent(
  `import fs from 'node:fs';
   process.on('SIGUSR2', () => {
     const file = process.env.BENCH_CPU_FILE;
     if (file) fs.writeFileSync(file + '.tmp', JSON.stringify(process.cpuUsage()));
     if (file) fs.renameSync(file + '.tmp', file);
   });`,
)}`;

interface Server {
  name: string;
  url: string;
  dataDir: string;
  /** µs of CPU the server has used so far, from its own process.cpuUsage(). */
  cpuMicros(): Promise<{ user: number; system: number }>;
  stop(): Promise<void>;
}

async function startServer(options: {
  name: string;
  root: string;
  env: Record<string, string>;
  nodeArgs: string[];
}): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-http-path-'));
  const cpuFile = path.join(dataDir, 'cpu.json');
  const logFd = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...options.nodeArgs,
      '--import',
      CPU_PRELOAD,
      '--import',
      'tsx',
      path.join(options.root, 'server/src/main.ts'),
    ],
    {
      cwd: options.root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        NODE_ENV: 'development',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        BETTER_AUTH_TELEMETRY: '0',
        BENCH_CPU_FILE: cpuFile,
        ...options.env,
      },
      stdio: ['ignore', logFd, logFd],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  onCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `${options.name} server exited: ${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-3000)}`,
      );
    }
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${options.name} server did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name: options.name,
    url,
    dataDir,
    async cpuMicros() {
      fs.rmSync(cpuFile, { force: true });
      child.kill('SIGUSR2');
      for (let i = 0; i < 500 && !fs.existsSync(cpuFile); i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const usage = JSON.parse(fs.readFileSync(cpuFile, 'utf8')) as {
        user: number;
        system: number;
      };
      return usage;
    },
    stop,
  };
}

interface Measured {
  server: string;
  clients: number;
  round: number;
  answered: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpuMicrosPerRequest: number;
  /** The part of it spent in the kernel (socket and log writes). */
  systemMicrosPerRequest: number;
}

async function main() {
  const args = flags({
    baseline: { type: 'string', default: '' },
    clients: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    enterprises: { type: 'string', default: '500' },
    prefill: { type: 'string', default: '5000' },
    pool: { type: 'string', default: '20' },
    'log-level': { type: 'string', default: 'info' },
    profile: { type: 'boolean', default: false },
    'baseline-env': { type: 'string', default: '' },
    micro: { type: 'boolean', default: false },
  });
  if (args.micro) {
    micro();
    return;
  }
  const clientsList = listFlag(args.clients, [16]);
  const rounds = intFlag(args.rounds, 6);
  const durationMs = intFlag(args.duration, 5) * 1000;
  const warmupMs = intFlag(args.warmup, 3) * 1000;
  const enterprises = intFlag(args.enterprises, 500);
  const prefill = intFlag(args.prefill, 5000);
  const baselineEnv = Object.fromEntries(
    String(args['baseline-env'])
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  // A/A or a setting's A/B: the same tree with other settings (--baseline . --baseline-env K=V).
  const baselineRoot = args.baseline ? path.resolve(String(args.baseline)) : undefined;
  const run = Math.random().toString(16).slice(2, 8);
  const log = (line: string) => console.log(line);
  log(describeMachine(machineInfo(SERVER_URL)));
  log(
    `run ${run}: ${enterprises} enterprises, ${prefill} earlier deductions, ${rounds} round(s) of ${durationMs / 1000} s per server after ${warmupMs / 1000} s warm-up, log level ${args['log-level']}`,
  );

  const appDb = await createFreshDatabase('yq_bench_http');
  const profileDir = path.join(ROOT, 'bench/results', `http-path-profile-${run}`);
  const env = {
    DATABASE_URL: appDb.url,
    DATABASE_POOL_SIZE: String(intFlag(args.pool, 20)),
    // The per-key limit stays on (its plugin runs), set high enough never to refuse.
    OPEN_API_RATE_LIMIT_PER_MINUTE: '1000000000',
    JOBS: 'false',
    LOG_LEVEL: String(args['log-level']),
  };
  // A server of its own migrates and seeds, then stops: the measured servers then start alike,
  // on a finished database (the one that did the set-up was measurably cheaper per request in
  // an A/A run: a different heap and JIT state).
  const setup = await startServer({ name: 'set-up', root: ROOT, env, nodeArgs: [] });
  const credentials = JSON.parse(
    fs.readFileSync(path.join(setup.dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
  await setup.stop();
  const current = await startServer({
    name: 'current',
    root: ROOT,
    env,
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const baseline = baselineRoot
    ? await startServer({
        name: 'baseline',
        root: baselineRoot,
        env: { ...env, ...baselineEnv },
        nodeArgs: [],
      })
    : undefined;
  const database = await openDatabase({ databaseUrl: appDb.url, poolSize: 4 });
  onCleanup(() => {
    void database.close().catch(() => {});
  });
  const creditCodes = await seedVoucherHolders(database, { count: enterprises, parallel: 4 });
  const code = await loadRouteCode();
  const ledger = code.ledgerFor(database);
  const caller = await callerFor(database, credentials.apiClient.keyId);
  for (let done = 0, b = 0; done < prefill; b++) {
    const size = Math.min(500, prefill - done, creditCodes.length);
    await code.batch(
      database,
      ledger,
      caller,
      `pre-${run}-${b}`,
      sampleDistinct(creditCodes, size).map((creditCode, i) => ({
        orderNo: `P-${run}-${b}-${i}`,
        creditCode,
        category: 'compute',
        amount: 200,
      })),
    );
    done += size;
  }
  await database.raw.query('VACUUM ANALYZE');
  log(`seeded; servers: current${baseline ? `, baseline ${baselineRoot}` : ''}\n`);

  let seq = 0;
  const load = (server: Server, clients: number, ms: number, count: { n: number }) =>
    runLoad({
      baseUrl: server.url,
      concurrency: clients,
      durationMs: ms,
      warmupMs: 0,
      next: (worker) => {
        const n = ++seq;
        return signedPost(
          credentials.apiClient,
          DEDUCT_PATH,
          {
            orderNo: `H-${run}-${worker}-${n}`,
            creditCode: pickOne(creditCodes),
            category: 'compute',
            amount: 200,
          },
          `h-${run}-${n}`,
        );
      },
      // Every answer counts for the CPU division (the load's own count stops at the window's end).
      ok: (status) => {
        count.n += 1;
        return status === 201;
      },
    });

  const servers = baseline ? [baseline, current] : [current];
  // Warm-up: JIT, pools and caches, not measured.
  for (const server of servers) await load(server, clientsList[0] ?? 16, warmupMs, { n: 0 });

  const results: Measured[] = [];
  const profileWindows: Array<{ start: number; end: number }> = [];
  for (const clients of clientsList) {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? servers : [...servers].reverse();
      for (const server of order) {
        await database.raw.query('ANALYZE');
        const count = { n: 0 };
        const start = performance.now();
        const before = await server.cpuMicros();
        const result = await load(server, clients, durationMs, count);
        const after = await server.cpuMicros();
        if (server === current) profileWindows.push({ start, end: performance.now() });
        const measured: Measured = {
          server: server.name,
          clients,
          round: r + 1,
          answered: count.n,
          perSecond: result.requestsPerSecond,
          p50Ms: result.latency.p50Ms,
          p99Ms: result.latency.p99Ms,
          errors: result.errors,
          cpuMicrosPerRequest: Math.round(
            (after.user + after.system - before.user - before.system) / Math.max(1, count.n),
          ),
          systemMicrosPerRequest: Math.round((after.system - before.system) / Math.max(1, count.n)),
        };
        results.push(measured);
        log(
          `  c=${String(clients).padStart(2)} round ${r + 1} ${server.name.padEnd(8)} ${String(measured.cpuMicrosPerRequest).padStart(5)} µs CPU/request (kernel ${String(measured.systemMicrosPerRequest).padStart(4)})` +
            `  ${String(measured.perSecond).padStart(7)} req/s  p50 ${measured.p50Ms} ms  p99 ${measured.p99Ms} ms  errors ${measured.errors}` +
            `${result.firstErrors[0] ? `\n    first error: ${result.firstErrors[0]}` : ''}`,
        );
      }
    }
  }

  log('\nMedian over the rounds:');
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  };
  for (const clients of clientsList) {
    const of = (name: string) => results.filter((m) => m.server === name && m.clients === clients);
    const cur = of('current');
    const line = (name: string, rows: Measured[]) =>
      `  c=${clients} ${name.padEnd(8)} ${median(rows.map((m) => m.cpuMicrosPerRequest))} µs CPU/request, ${median(rows.map((m) => m.perSecond))} req/s, p99 ${median(rows.map((m) => m.p99Ms))} ms`;
    if (baseline) {
      const base = of('baseline');
      log(line('baseline', base));
      log(line('current', cur));
      const ratio =
        median(cur.map((m) => m.cpuMicrosPerRequest)) /
        median(base.map((m) => m.cpuMicrosPerRequest));
      const paired = cur.map((m, i) =>
        ((m.cpuMicrosPerRequest / (base[i]?.cpuMicrosPerRequest ?? Number.NaN) - 1) * 100).toFixed(
          1,
        ),
      );
      const pairedMedian = median(paired.map(Number));
      log(
        `  c=${clients} CPU/request current vs baseline: ${((ratio - 1) * 100).toFixed(1)} % (medians); median of the rounds' ratios ${pairedMedian.toFixed(1)} %, ${paired.filter((r) => Number(r) < 0).length} of ${paired.length} rounds lower (per round: ${paired.join(', ')} %)`,
      );
    } else {
      log(line('current', cur));
    }
  }

  await database.close();
  await baseline?.stop();
  await current.stop();
  if (args.profile) {
    const exitAt = performance.now();
    const file = fs
      .readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profileDir, f))[0];
    if (file) {
      // The profile's end is the server's exit; the measured phases are placed from there.
      const first = profileWindows[0];
      const last = profileWindows[profileWindows.length - 1];
      if (first && last) {
        const summary = summariseProfile(file, {
          fromMsBeforeEnd: exitAt - first.start,
          toMsBeforeEnd: exitAt - last.end,
        });
        log(`\nProfile of the current server over the measured phases (${file}):`);
        log(JSON.stringify(summary, null, 1));
      }
    }
  }
}

/** The changed pieces, before and after, each timed over many calls in alternated rounds. */
function micro() {
  const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))(
    'helmet',
  ) as (options: unknown) => (req: unknown, res: unknown, next: () => void) => void;
  const options = helmetOptions({ httpsOnly: false });
  const steps = securityHeaderSteps(options);
  const response = () => new ServerResponse(new IncomingMessage(new Socket()));
  const body = Buffer.from(
    JSON.stringify({
      orderNo: 'H-abcdef-3-123456',
      creditCode: '91320621MA1XXXXX0X',
      category: 'compute',
      amount: 200,
    }),
  );
  const scope = { beforeCommit: async () => {}, committed() {}, rolledBack() {} };
  // The deduction's statement text as the write guard sees it (deduct.ts), and the audit
  // scope's own statement.
  const texts = [
    `SELECT yq_deduct($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9::text[],
  $10::text[], $11::text[], $12::bigint[], $13::text[], $14, $15::jsonb, $16::jsonb) AS r`,
    'SELECT audit_record($1::jsonb) AS id',
  ];
  const pieces: Array<{ name: string; before: () => void; after: () => void }> = [
    {
      name: 'security headers (per response)',
      // What @fastify/helmet did per request: helmet(options) built anew, then applied.
      before: () => helmet(options)({}, response(), () => {}),
      after: () => {
        const raw = response();
        for (const [name, value] of steps) {
          if (value === null) raw.removeHeader(name);
          else raw.setHeader(name, value);
        }
      },
    },
    {
      name: 'body SHA-256 (signature + idempotency hash)',
      before: () => {
        sha256Hex(body);
        sha256Hex(body);
      },
      after: () => {
        sha256Hex(body);
      },
    },
    {
      name: "write guard (the deduction's two statements)",
      // As guardAutocommit was: the scope, the environment read, the three regex scans.
      before: () =>
        runInCommitScope(scope, () => {
          for (const text of texts) {
            if (currentCommitScope() && process.env.AUDIT_WRITE_GUARD !== 'off') {
              writtenTables(text).filter((table) => !WRITE_GUARD_EXEMPT_TABLES.has(table));
            }
          }
        }),
      after: () => runInCommitScope(scope, () => texts.forEach(guardAutocommit)),
    },
  ];
  const N = 20_000;
  for (const piece of pieces) {
    const per: Record<'before' | 'after', number[]> = { before: [], after: [] };
    for (let round = 0; round < 7; round++) {
      for (const which of round % 2
        ? (['after', 'before'] as const)
        : (['before', 'after'] as const)) {
        const fn = piece[which];
        const t0 = process.cpuUsage();
        for (let i = 0; i < N; i++) fn();
        const used = process.cpuUsage(t0);
        per[which].push((used.user + used.system) / N);
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
    // The 'response' stand-in is built in both; its cost is in both figures.
    console.log(
      `${piece.name.padEnd(46)} before ${median(per.before).toFixed(2)} µs  after ${median(per.after).toFixed(2)} µs`,
    );
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
