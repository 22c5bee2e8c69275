/**
 * bench/deductions.ts, the measured phases: pgbench reference runs, the API (this checkout's
 * server and, with --baseline, the baseline's), and the experiments E1–E3, E6, E7 (where the
 * time goes). Every phase records its rate, latency and the cores each part used.
 */
import type { Database } from '../../server/src/db/client.js';
import { REFUSALS } from '../../server/src/modules/ledger/deduct.js';
import { onCleanup } from './cleanup.js';
import { type CpuUse, cpuSnapshot, cpuUse, describeCpu } from './cpu.js';
import { BATCH_SCRIPT, ROUTE_SQL_SCRIPT, SINGLE_SCRIPT } from './deductions-scripts.js';
import type { Platform, Settings } from './deductions-setup.js';
import { type LoadResult, runClosedLoop, runLoad } from './load.js';
import { pickOne, sampleDistinct, signedPost } from './open-api.js';
import { type PgbenchResult, runPgbench } from './pgbench.js';
import { preparedStatementsDatabase } from './prepared-database.js';
import type { RouteCode } from './service-path.js';

export const DEDUCT_PATH = '/api/open/v1/deductions';
export const BATCH_PATH = '/api/open/v1/deductions/batch';

export interface Phase {
  name: string;
  clients: number;
  perSecond: number;
  unit: string;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cpu: CpuUse;
  extra?: string;
}

export type Which = 'current' | 'baseline';

export function createPhases(
  settings: Settings,
  platform: Platform,
  refUrl: string,
  log: (line: string) => void,
) {
  const { run: RUN, bill: BILL, batchSize: BATCH_SIZE } = settings;
  const { durationMs: DURATION_MS, warmupMs: WARMUP_MS } = settings;
  const { credentials, creditCodes, server } = platform;
  const phases: Phase[] = [];
  const experiments: Phase[] = [];
  /** Keyed `single@16`, `batch@2`; API results also `baseline:single@16`. */
  const reference = new Map<string, PgbenchResult>();
  const api = new Map<string, LoadResult>();
  const windows = new Map<string, { start: number; end: number }>();
  let seq = 0;

  function recordPgbench(name: string, result: PgbenchResult, cpu: CpuUse, unitsPerTx = 1) {
    const phase: Phase = {
      name,
      clients: result.clients,
      perSecond: Math.round(result.tps * unitsPerTx),
      unit: 'deductions/s',
      p50Ms: result.latency.p50Ms,
      p99Ms: result.latency.p99Ms,
      errors: result.failed,
      cpu,
      extra: unitsPerTx === 1 ? undefined : `${Math.round(result.tps * 10) / 10} tx/s`,
    };
    phases.push(phase);
    log(
      `  ${name.padEnd(40)} c=${String(result.clients).padStart(2)}  ${String(phase.perSecond).padStart(7)} ${phase.unit}` +
        `  p50 ${phase.p50Ms} ms  p99 ${phase.p99Ms} ms  failed ${result.failed}\n    ${describeCpu(cpu)}`,
    );
    return phase;
  }

  function recordLoad(name: string, result: LoadResult, cpu: CpuUse, unit = 'deductions/s') {
    const phase: Phase = {
      name,
      clients: result.concurrency,
      perSecond: Math.round(result.unitsPerSecond),
      unit,
      p50Ms: result.latency.p50Ms,
      p99Ms: result.latency.p99Ms,
      errors: result.errors,
      cpu,
      extra:
        result.unitsPerSecond !== result.requestsPerSecond
          ? `${result.requestsPerSecond} calls/s`
          : undefined,
    };
    phases.push(phase);
    log(
      `  ${name.padEnd(40)} c=${String(result.concurrency).padStart(2)}  ${String(phase.perSecond).padStart(7)} ${unit}` +
        `  p50 ${phase.p50Ms} ms  p99 ${phase.p99Ms} ms  errors ${result.errors}` +
        `${result.firstErrors.length ? `\n    first error: ${result.firstErrors[0]}` : ''}` +
        `\n    ${describeCpu(cpu)}`,
    );
    return phase;
  }

  const serverOf = (which: Which) =>
    which === 'baseline' && platform.baselineServer ? platform.baselineServer : server;
  const label = (which: Which, name: string) =>
    which === 'baseline' ? `${name} (baseline)` : name;

  /** `tag`: a repeat of the same phase in one run (bench/batch-ab.ts) needs its own order numbers. */
  async function pgbench(kind: 'single' | 'batch', clients: number, tag = '') {
    await platform.freshStatistics();
    const before = cpuSnapshot(server.pid);
    const result = await runPgbench({
      url: refUrl,
      script: kind === 'single' ? SINGLE_SCRIPT : BATCH_SCRIPT,
      clients,
      durationS: DURATION_MS / 1000,
      defines: {
        vouchers: settings.enterprises,
        bills: BATCH_SIZE,
        amount: BILL,
        n: 0,
        run: `${RUN}${kind}${clients}${tag}`,
      },
    });
    const cpu = cpuUse(before, cpuSnapshot(server.pid));
    reference.set(`${kind}@${clients}`, result);
    return kind === 'single'
      ? recordPgbench('pgbench reference', result, cpu)
      : recordPgbench(`pgbench set-based ${BATCH_SIZE}`, result, cpu, BATCH_SIZE);
  }

  async function single(clients: number, which: Which = 'current') {
    await platform.freshStatistics();
    await platform.installFunctionsOf(which);
    const target = serverOf(which);
    const before = cpuSnapshot(target.pid);
    const start = performance.now();
    const result = await runLoad({
      baseUrl: target.url,
      concurrency: clients,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      next: (worker) => {
        const n = ++seq;
        return signedPost(
          credentials.apiClient,
          DEDUCT_PATH,
          {
            orderNo: `S-${RUN}-${worker}-${n}`,
            creditCode: pickOne(creditCodes),
            category: 'compute',
            amount: BILL,
          },
          `k-${RUN}-${n}`,
        );
      },
      ok: (status) => status === 201,
    });
    const key = `${which === 'baseline' ? 'baseline:' : ''}single@${clients}`;
    if (which === 'current') windows.set(key, { start: start + WARMUP_MS, end: performance.now() });
    api.set(key, result);
    return recordLoad(
      label(which, 'API POST /deductions'),
      result,
      cpuUse(before, cpuSnapshot(target.pid)),
    );
  }

  async function batch(clients: number, which: Which = 'current') {
    await platform.freshStatistics();
    await platform.installFunctionsOf(which);
    const target = serverOf(which);
    const before = cpuSnapshot(target.pid);
    const start = performance.now();
    const result = await runLoad({
      baseUrl: target.url,
      concurrency: clients,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      next: (worker) => {
        const n = ++seq;
        const items = sampleDistinct(creditCodes, BATCH_SIZE).map((creditCode, i) => ({
          orderNo: `B-${RUN}-${worker}-${n}-${i}`,
          creditCode,
          category: 'compute',
          amount: BILL,
        }));
        return signedPost(
          credentials.apiClient,
          BATCH_PATH,
          { items },
          `b-${RUN}-${n}`,
          BATCH_SIZE,
        );
      },
      // Every item must have been deducted; a refused item fails the call for this count.
      ok: (status, body) => status === 200 && !body.includes('"ok":false'),
    });
    const key = `${which === 'baseline' ? 'baseline:' : ''}batch@${clients}`;
    if (which === 'current') windows.set(key, { start: start + WARMUP_MS, end: performance.now() });
    api.set(key, result);
    return recordLoad(
      label(which, `API POST /deductions/batch (${BATCH_SIZE})`),
      result,
      cpuUse(before, cpuSnapshot(target.pid)),
    );
  }

  /** E3/E7: the route's transaction without HTTP, from this process over its own pool. */
  async function routeLoop(db: Database, code: RouteCode, name: string, clients: number) {
    const ledger = code.ledgerFor(db);
    await platform.freshStatistics();
    const before = cpuSnapshot(server.pid);
    const result = await runClosedLoop({
      concurrency: clients,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
      task: async (worker) => {
        const n = ++seq;
        const status = await code.deduct(db, ledger, platform.caller, `t-${RUN}-${n}`, {
          orderNo: `T-${RUN}-${worker}-${n}`,
          creditCode: pickOne(creditCodes),
          category: 'compute',
          amount: BILL,
        });
        return { ok: status === 201, status: String(status) };
      },
    });
    experiments.push(recordLoad(name, result, cpuUse(before, cpuSnapshot(server.pid))));
  }

  async function runExperiments() {
    log('\nWhere the time goes (64 clients unless noted):');
    const top = Math.max(...settings.clients);
    {
      const before = cpuSnapshot(server.pid);
      const result = await runLoad({
        baseUrl: server.url,
        concurrency: top,
        durationMs: DURATION_MS,
        warmupMs: WARMUP_MS,
        next: () => ({ method: 'GET', path: '/api/health', headers: {} }),
        ok: (status) => status === 200,
      });
      const cpu = cpuUse(before, cpuSnapshot(server.pid));
      experiments.push(recordLoad('E1 GET /api/health (HTTP + SELECT 1)', result, cpu, 'calls/s'));
    }
    {
      const before = cpuSnapshot(server.pid);
      const result = await runLoad({
        baseUrl: server.url,
        concurrency: top,
        durationMs: DURATION_MS,
        warmupMs: WARMUP_MS,
        next: () => {
          const n = ++seq;
          // Signed and authenticated, refused by validation (amount 0): HTTP, signature,
          // JSON, zod and the audit row, without the deduction transaction.
          const body = {
            orderNo: `V-${RUN}-${n}`,
            creditCode: pickOne(creditCodes),
            category: 'compute',
            amount: 0,
          };
          return signedPost(credentials.apiClient, DEDUCT_PATH, body, `v-${RUN}-${n}`);
        },
        ok: (status) => status === 400,
      });
      const cpu = cpuUse(before, cpuSnapshot(server.pid));
      experiments.push(recordLoad('E2 POST /deductions refused (400)', result, cpu, 'calls/s'));
    }
    const prepared = preparedStatementsDatabase(platform.appUrl, settings.pool, platform.database);
    onCleanup(() => {
      void prepared.close().catch(() => {});
    });
    for (const clients of [...new Set([16, top])]) {
      if (platform.baseline)
        await routeLoop(
          platform.database,
          platform.baseline,
          'E3 route transaction (baseline)',
          clients,
        );
      await routeLoop(
        platform.database,
        platform.current,
        `E3 route transaction, no HTTP (pool ${settings.pool})`,
        clients,
      );
      await routeLoop(prepared, platform.current, 'E7 same, every statement prepared', clients);
    }
    // E6: the route's own statements, driven by pgbench (C, libpq) instead of Node: what
    // PostgreSQL needs for the platform's richer transaction, with unnamed statements
    // (extended protocol) and with prepared ones.
    const { database, caller } = platform;
    await database.raw.query(
      'CREATE TABLE bench_codes (n int PRIMARY KEY, credit_code text NOT NULL)',
    );
    await database.raw.query(
      'INSERT INTO bench_codes SELECT i, c FROM unnest($1::text[]) WITH ORDINALITY AS u(c, i)',
      [creditCodes],
    );
    await database.raw.query('ANALYZE bench_codes');
    await database.raw.query('CREATE TABLE bench_refusals AS SELECT $1::jsonb AS refusals', [
      REFUSALS,
    ]);
    for (const protocol of ['extended', 'prepared'] as const) {
      await platform.freshStatistics();
      const before = cpuSnapshot(server.pid);
      const result = await runPgbench({
        url: platform.appUrl,
        script: ROUTE_SQL_SCRIPT,
        clients: top,
        durationS: DURATION_MS / 1000,
        protocol,
        defines: {
          enterprises: creditCodes.length,
          amount: BILL,
          client: caller.clientId,
          operator: caller.operatorId,
          hash: 'f'.repeat(64),
          n: 0,
          run: `${RUN}e6${protocol}`,
        },
      });
      const cpu = cpuUse(before, cpuSnapshot(server.pid));
      experiments.push(recordPgbench(`E6 pgbench, the route's SQL (${protocol})`, result, cpu));
    }
  }

  return {
    phases,
    experiments,
    reference,
    api,
    windows,
    pgbench,
    single,
    batch,
    runExperiments,
    nextSeq: () => ++seq,
  };
}
export type Phases = ReturnType<typeof createPhases>;
