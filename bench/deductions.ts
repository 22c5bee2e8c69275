/**
 * Deduction throughput and latency on PostgreSQL, beside pgbench running the equivalent
 * transaction in the same run (quality-bar.md, Benchmarks):
 *   (a) pgbench reference: lock a voucher row, check its balance, insert a ledger row with a
 *       unique order number, update the balance — over many vouchers, picked at random;
 *   (b) the API: POST /api/open/v1/deductions, signed, unique Idempotency-Key and orderNo,
 *       against the real server process, at 1, 16 and 64 concurrent clients;
 *   (c) batches: a set-based pgbench transaction of 1,000 bills beside
 *       POST /api/open/v1/deductions/batch with 1,000 bills a call.
 * Optional: --experiments (where the time goes: bare HTTP, HTTP + auth + audit without the
 * deduction, the deduction transaction without HTTP) and --profile (server CPU profile of the
 * 64-client phase).
 *
 *   node --import tsx bench/deductions.ts [--enterprises 2000] [--duration 10] [--warmup 2]
 *     [--clients 1,16,64] [--batch-clients 1,2,4] [--batch-size 1000] [--pool 20]
 *     [--experiments [--statements-only]] [--profile] [--only single|batch|none] [--verify] [--keep]
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../server/src/db/client.js';
import { systemClock } from '../server/src/domain/clock.js';
import { LedgerService } from '../server/src/modules/ledger/ledger.service.js';
import { verifyLedger } from '../server/src/modules/ledger/ledger.verify.js';
import { PoliciesService } from '../server/src/modules/policies/policies.service.js';
import type { DemoCredentials } from '../server/src/seed/demo-vouchers.js';
import { commandLine, flags, intFlag, listFlag } from './lib/args.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { type CpuUse, cpuSnapshot, cpuUse, describeCpu } from './lib/cpu.js';
import { adminQueryOn, createFreshDatabase, SERVER_URL } from './lib/database.js';
import { type LoadResult, runClosedLoop, runLoad } from './lib/load.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { pickOne, sampleDistinct, signedPost } from './lib/open-api.js';
import { type PgbenchResult, runPgbench } from './lib/pgbench.js';
import { preparedStatementsDatabase } from './lib/prepared-database.js';
import { type ProfileSummary, summariseProfile } from './lib/profile.js';
import { RESULTS_DIR, type Table, writeResults } from './lib/results.js';
import { seedVoucherHolders } from './lib/seed.js';
import { startBenchServer } from './lib/server.js';
import { batchAsTheRouteDoes, callerFor, deductAsTheRouteDoes } from './lib/service-path.js';
import { pct, ratio } from './lib/stats.js';
import {
  type ExplainedStatement,
  type StatementStats,
  timedDatabase,
} from './lib/timed-database.js';

const args = flags({
  enterprises: { type: 'string', default: '2000' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '2' },
  clients: { type: 'string', default: '1,16,64' },
  'batch-clients': { type: 'string', default: '1,2,4' },
  'batch-size': { type: 'string', default: '1000' },
  pool: { type: 'string', default: '20' },
  experiments: { type: 'boolean', default: false },
  'statements-only': { type: 'boolean', default: false },
  profile: { type: 'boolean', default: false },
  only: { type: 'string', default: '' },
  verify: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  prefill: { type: 'string', default: '20000' },
});
const ENTERPRISES = intFlag(args.enterprises, 2000);
const DURATION_MS = intFlag(args.duration, 10) * 1000;
const WARMUP_MS = intFlag(args.warmup, 2) * 1000;
const CLIENTS = listFlag(args.clients, [1, 16, 64]);
const BATCH_CLIENTS = listFlag(args['batch-clients'], [1, 2, 4]);
const BATCH_SIZE = intFlag(args['batch-size'], 1000);
const POOL = intFlag(args.pool, 20);
const PREFILL = intFlag(args.prefill, 20_000);
if (BATCH_SIZE > ENTERPRISES)
  throw new Error('--batch-size must not exceed --enterprises (bills need distinct vouchers)');
const RUN = randomBytes(3).toString('hex');
const BILL = 200; // fen: small, so 5★ balances never run out
const DEDUCT_PATH = '/api/open/v1/deductions';
const BATCH_PATH = '/api/open/v1/deductions/batch';

const SINGLE_SCRIPT = `-- One deduction: lock the voucher, check, ledger row with a unique order number, balance.
\\set vid random(1, :vouchers)
\\set n :n + 1
BEGIN;
SELECT (balance >= :amount)::int AS ok FROM bench_vouchers WHERE id = :vid FOR UPDATE \\gset
\\if :ok
INSERT INTO bench_ledger (order_no, voucher_id, amount)
  VALUES ('S-' || :run::text || '-' || :client_id::text || '-' || :n::text, :vid, :amount);
UPDATE bench_vouchers SET balance = balance - :amount WHERE id = :vid;
\\endif
END;
`;

const BATCH_SCRIPT = `-- 1,000 deductions set-based: lock 1,000 distinct vouchers in id order, 1,000 ledger rows
-- with unique order numbers, 1,000 balances. The vouchers are spread over the table from a
-- random start (stride 7 is coprime with the table size, so they are distinct).
\\set start random(0, :vouchers - 1)
\\set n :n + 1
BEGIN;
SELECT count(*) AS locked FROM (
  SELECT id FROM bench_vouchers
   WHERE id IN (SELECT ((:start + g * 7) % :vouchers) + 1 FROM generate_series(1, :bills) g)
     AND balance >= :amount
   ORDER BY id FOR UPDATE) l;
INSERT INTO bench_ledger (order_no, voucher_id, amount)
  SELECT 'B-' || :run::text || '-' || :client_id::text || '-' || :n::text || '-' || g::text,
         ((:start + g * 7) % :vouchers) + 1, :amount
    FROM generate_series(1, :bills) g;
UPDATE bench_vouchers SET balance = balance - :amount
 WHERE id IN (SELECT ((:start + g * 7) % :vouchers) + 1 FROM generate_series(1, :bills) g);
END;
`;

/**
 * The statements of POST /deductions (idempotency.ts + deduct.ts for one bill), for E6. The
 * enterprise, deduction id and order number are looked up before BEGIN (one extra round trip
 * outside the transaction, which the route does not have); the allocation decision made in
 * JavaScript is replaced by "the whole bill from the one active tranche".
 */
const ROUTE_SQL_SCRIPT = `\\set e random(1, :enterprises)
\\set n :n + 1
SELECT credit_code AS code, gen_random_uuid()::text AS did,
       'PO-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ord,
       'PK-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ikey
  FROM bench_codes WHERE n = :e \\gset
BEGIN;
INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
  VALUES (:client, :ikey, :hash, 'in_progress', now()) ON CONFLICT DO NOTHING RETURNING 1;
SELECT t.id AS tid, t.voucher_id AS vid, v.enterprise_id AS eid, t.credit_code, v.policy_id,
       t.balance, t.active_from, t.expires_at
  FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
 WHERE t.credit_code = ANY(ARRAY[:code]::text[]) AND t.active_from <= now() AND t.expires_at > now()
   AND t.balance > 0
 ORDER BY t.id FOR UPDATE OF t \\gset
WITH new_deductions AS (
  INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
    deducted, payable, description, settlement_year, client_id, operator_id, created_at)
  SELECT d.*, :client, :operator, now()
    FROM unnest(ARRAY[:did]::text[], ARRAY[:ord]::text[], ARRAY[:eid]::text[], ARRAY[:code]::text[],
                ARRAY['compute']::text[], ARRAY[:amount]::bigint[], ARRAY[:amount]::bigint[],
                ARRAY[0]::bigint[], ARRAY[NULL]::text[], ARRAY[:year]::int[]) AS d
),
alloc AS (
  SELECT * FROM unnest(ARRAY[:did]::text[], ARRAY[:tid]::text[], ARRAY[:vid]::text[],
                       ARRAY[:amount]::bigint[], ARRAY[:year]::int[])
    AS a(deduction_id, tranche_id, voucher_id, amount, settlement_year)
),
per_tranche AS (SELECT tranche_id, sum(amount) AS amount FROM alloc GROUP BY tranche_id),
moved AS (
  UPDATE voucher_tranches t SET balance = t.balance - p.amount, used = t.used + p.amount
    FROM per_tranche p WHERE t.id = p.tranche_id
),
new_allocations AS (
  INSERT INTO deduction_allocations (deduction_id, tranche_id, amount)
  SELECT deduction_id, tranche_id, amount FROM alloc
)
INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
  voucher_id, tranche_id, deduction_id, settlement_year)
SELECT gen_random_uuid()::text, 'deduct', 'tranche:' || tranche_id,
       'redeemed:' || settlement_year, amount, now(), voucher_id, tranche_id,
       deduction_id, settlement_year
  FROM alloc;
UPDATE idempotency_keys SET state = 'done', status_code = 201, response = :resp::jsonb
 WHERE client_id = :client AND key = :ikey;
END;
`;

/** A stored response of the size the route stores (pgbench -D values cannot hold spaces). */
const SAMPLE_RESPONSE = JSON.stringify({
  deductionId: '3f1c2a0e-7b5d-4c9a-9e61-0a4b5c6d7e8f',
  orderNo: 'S-000000-00-000000',
  requested: 200,
  deducted: 200,
  payable: 0,
  allocations: [{ trancheId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', amount: 200 }],
  availableAfter: 3499800,
  createdAt: '2026-01-01T00:00:00.000Z',
});

interface Phase {
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

const phases: Phase[] = [];
const log = (line: string) => console.log(line);

function recordPgbench(name: string, result: PgbenchResult, cpu: CpuUse, unitsPerTx = 1) {
  const phase: Phase = {
    name,
    clients: result.clients,
    perSecond: Math.round(result.tps * unitsPerTx),
    unit: unitsPerTx === 1 ? 'deductions/s' : 'deductions/s',
    p50Ms: result.latency.p50Ms,
    p99Ms: result.latency.p99Ms,
    errors: result.failed,
    cpu,
    extra: unitsPerTx === 1 ? undefined : `${Math.round(result.tps * 10) / 10} tx/s`,
  };
  phases.push(phase);
  log(
    `  ${name.padEnd(34)} c=${String(result.clients).padStart(2)}  ${String(phase.perSecond).padStart(7)} ${phase.unit}` +
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
    `  ${name.padEnd(34)} c=${String(result.concurrency).padStart(2)}  ${String(phase.perSecond).padStart(7)} ${unit}` +
      `  p50 ${phase.p50Ms} ms  p99 ${phase.p99Ms} ms  errors ${result.errors}` +
      `${result.firstErrors.length ? `\n    first error: ${result.firstErrors[0]}` : ''}` +
      `\n    ${describeCpu(cpu)}`,
  );
  return phase;
}

async function main() {
  const machine = machineInfo(SERVER_URL);
  log(describeMachine(machine));
  log(
    `run ${RUN}: ${ENTERPRISES} enterprises/vouchers, ${DURATION_MS / 1000} s per phase after ${WARMUP_MS / 1000} s warm-up, server pool ${POOL}`,
  );

  // The pgbench reference tables, in a database of their own.
  const refDb = await createFreshDatabase('yq_bench_ref', { keep: args.keep });
  {
    const client = new pg.Client({ connectionString: refDb.url });
    client.on('error', () => {});
    await client.connect();
    try {
      await client.query(`
        CREATE TABLE bench_vouchers (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0));
        CREATE TABLE bench_ledger (id bigserial PRIMARY KEY, order_no text NOT NULL UNIQUE,
          voucher_id int NOT NULL, amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO bench_vouchers SELECT g, 3500000 FROM generate_series(1, ${ENTERPRISES}) g;`);
      await client.query('VACUUM ANALYZE bench_vouchers');
    } finally {
      await client.end();
    }
  }

  // The platform: a fresh database, the real server process, the demo seed (API client),
  // and ENTERPRISES enterprises holding a 5★ voucher, granted through LedgerService.
  const appDb = await createFreshDatabase('yq_bench_app', { keep: args.keep });
  const profileDir = path.join(RESULTS_DIR, `profile-${RUN}`);
  const server = await startBenchServer({
    env: {
      DATABASE_URL: appDb.url,
      DATABASE_POOL_SIZE: String(POOL),
      OPEN_API_RATE_LIMIT_PER_MINUTE: '1000000000',
      JOBS: 'false',
    },
    nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const credentials = JSON.parse(
    fs.readFileSync(path.join(server.dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
  const database = await openDatabase({ databaseUrl: appDb.url, poolSize: POOL });
  // Not awaited: a query still running must not hold up Ctrl-C (the drop ends it).
  onCleanup(() => {
    void database.close().catch(() => {});
  });
  const seedStart = performance.now();
  const creditCodes = await seedVoucherHolders(database, { count: ENTERPRISES, parallel: 4 });
  // History before measuring: a database that has only just been created plans its foreign-key
  // checks for empty tables (sequential scans, kept per connection until the next ANALYZE),
  // which is not the steady state (see docs/benchmarks.md). So: PREFILL earlier deductions
  // through the batch route's own path, then statistics, refreshed again before each phase
  // as autovacuum would.
  {
    const policies = new PoliciesService(database, systemClock);
    const ledger = new LedgerService(database, systemClock, policies);
    const caller = await callerFor(database, credentials.apiClient.keyId);
    for (let done = 0, b = 0; done < PREFILL; b++) {
      const size = Math.min(1000, PREFILL - done, creditCodes.length);
      await batchAsTheRouteDoes(
        { database, clock: systemClock, ledger },
        caller,
        `pre-${RUN}-${b}`,
        sampleDistinct(creditCodes, size).map((creditCode, i) => ({
          orderNo: `P-${RUN}-${b}-${i}`,
          creditCode,
          category: 'compute',
          amount: BILL,
        })),
      );
      done += size;
      // Statistics as the table grows, so the foreign-key checks are planned for its size.
      await database.raw.query('ANALYZE deductions, deduction_allocations, ledger_transfers');
    }
  }
  await database.raw.query('VACUUM ANALYZE');
  const freshStatistics = async () => {
    await database.raw.query('ANALYZE');
    await adminQueryOn(refDb.url, 'ANALYZE');
  };
  log(
    `seeded ${creditCodes.length} enterprises with a 5★ voucher and ${PREFILL} earlier deductions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
  );

  const reference = new Map<string, PgbenchResult>();
  const api = new Map<string, LoadResult>();
  const windows = new Map<string, { start: number; end: number }>();
  const pgbench = async (kind: 'single' | 'batch', clients: number) => {
    await freshStatistics();
    const before = cpuSnapshot(server.pid);
    const result = await runPgbench({
      url: refDb.url,
      script: kind === 'single' ? SINGLE_SCRIPT : BATCH_SCRIPT,
      clients,
      durationS: DURATION_MS / 1000,
      defines: {
        vouchers: ENTERPRISES,
        bills: BATCH_SIZE,
        amount: BILL,
        n: 0,
        run: `${RUN}${kind}${clients}`,
      },
    });
    const cpu = cpuUse(before, cpuSnapshot(server.pid));
    reference.set(`${kind}@${clients}`, result);
    return kind === 'single'
      ? recordPgbench('pgbench reference', result, cpu)
      : recordPgbench(`pgbench set-based ${BATCH_SIZE}`, result, cpu, BATCH_SIZE);
  };

  let seq = 0;
  const single = async (clients: number) => {
    await freshStatistics();
    const before = cpuSnapshot(server.pid);
    const start = performance.now();
    const result = await runLoad({
      baseUrl: server.url,
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
    windows.set(`single@${clients}`, { start: start + WARMUP_MS, end: performance.now() });
    api.set(`single@${clients}`, result);
    return recordLoad('API POST /deductions', result, cpuUse(before, cpuSnapshot(server.pid)));
  };

  const batch = async (clients: number) => {
    await freshStatistics();
    const before = cpuSnapshot(server.pid);
    const start = performance.now();
    const result = await runLoad({
      baseUrl: server.url,
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
    windows.set(`batch@${clients}`, { start: start + WARMUP_MS, end: performance.now() });
    api.set(`batch@${clients}`, result);
    return recordLoad(
      `API POST /deductions/batch (${BATCH_SIZE})`,
      result,
      cpuUse(before, cpuSnapshot(server.pid)),
    );
  };

  if (args.only !== 'batch' && args.only !== 'none') {
    log('Single deductions (one bill a transaction / a call):');
    for (const clients of CLIENTS) {
      await pgbench('single', clients);
      await single(clients);
    }
  }
  if (args.only !== 'single' && args.only !== 'none') {
    log(`\nBatches (${BATCH_SIZE} bills a transaction / a call):`);
    for (const clients of BATCH_CLIENTS) {
      await pgbench('batch', clients);
      await batch(clients);
    }
  }

  const experiments: Phase[] = [];
  if (args.experiments && !args['statements-only']) {
    log('\nWhere the time goes (64 clients unless noted):');
    const top = Math.max(...CLIENTS);
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
      experiments.push(
        recordLoad(
          'E1 GET /api/health (HTTP + SELECT 1)',
          result,
          cpuUse(before, cpuSnapshot(server.pid)),
          'calls/s',
        ),
      );
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
          return signedPost(
            credentials.apiClient,
            DEDUCT_PATH,
            {
              orderNo: `V-${RUN}-${n}`,
              creditCode: pickOne(creditCodes),
              category: 'compute',
              amount: 0,
            },
            `v-${RUN}-${n}`,
          );
        },
        ok: (status) => status === 400,
      });
      experiments.push(
        recordLoad(
          'E2 POST /deductions refused (400)',
          result,
          cpuUse(before, cpuSnapshot(server.pid)),
          'calls/s',
        ),
      );
    }
    // The route's transaction without HTTP, from this process over its own pool (E3), and
    // the same with every statement prepared (E7).
    const caller = await callerFor(database, credentials.apiClient.keyId);
    const prepared = preparedStatementsDatabase(appDb.url, POOL, database);
    onCleanup(() => {
      void prepared.close().catch(() => {});
    });
    const routeLoop = async (db: typeof database, label: string, clients: number) => {
      const policies = new PoliciesService(db, systemClock);
      const ledger = new LedgerService(db, systemClock, policies);
      await freshStatistics();
      const before = cpuSnapshot(server.pid);
      const result = await runClosedLoop({
        concurrency: clients,
        durationMs: DURATION_MS,
        warmupMs: WARMUP_MS,
        task: async (worker) => {
          const n = ++seq;
          const status = await deductAsTheRouteDoes(
            { database: db, clock: systemClock, ledger },
            caller,
            `t-${RUN}-${n}`,
            {
              orderNo: `T-${RUN}-${worker}-${n}`,
              creditCode: pickOne(creditCodes),
              category: 'compute',
              amount: BILL,
            },
          );
          return { ok: status === 201, status: String(status) };
        },
      });
      experiments.push(recordLoad(label, result, cpuUse(before, cpuSnapshot(server.pid))));
    };
    for (const clients of [...new Set([16, top])]) {
      await routeLoop(database, `E3 route transaction, no HTTP (pool ${POOL})`, clients);
      await routeLoop(prepared, 'E7 same, prepared statements', clients);
    }
    // E6: the route's own statements, driven by pgbench (C, libpq) instead of Node: what
    // PostgreSQL needs for the platform's richer transaction, with unnamed statements
    // (extended protocol, as node-postgres sends them) and with prepared ones.
    await database.raw.query(
      'CREATE TABLE bench_codes (n int PRIMARY KEY, credit_code text NOT NULL)',
    );
    await database.raw.query(
      'INSERT INTO bench_codes SELECT i, c FROM unnest($1::text[]) WITH ORDINALITY AS u(c, i)',
      [creditCodes],
    );
    await database.raw.query('ANALYZE bench_codes');
    for (const protocol of ['extended', 'prepared'] as const) {
      await freshStatistics();
      const before = cpuSnapshot(server.pid);
      const result = await runPgbench({
        url: appDb.url,
        script: ROUTE_SQL_SCRIPT,
        clients: top,
        durationS: DURATION_MS / 1000,
        protocol,
        defines: {
          enterprises: creditCodes.length,
          amount: BILL,
          year: new Date().getUTCFullYear(),
          client: caller.clientId,
          operator: caller.operatorId,
          hash: 'f'.repeat(64),
          resp: SAMPLE_RESPONSE,
          n: 0,
          run: `${RUN}e6${protocol}`,
        },
      });
      experiments.push(
        recordPgbench(
          `E6 pgbench, the route's SQL (${protocol})`,
          result,
          cpuUse(before, cpuSnapshot(server.pid)),
        ),
      );
    }
  }

  let statements:
    | {
        sequential: StatementStats[];
        explained: ExplainedStatement[];
        batchSequential: StatementStats[];
        batchExplained: ExplainedStatement[];
        perDeductionMs: number;
        perBatchMs: number;
      }
    | undefined;
  if (args.experiments) {
    // E4: one client, statement by statement, then EXPLAIN ANALYZE of one whole deduction.
    await freshStatistics();
    const timed = timedDatabase(database);
    const policies = new PoliciesService(timed.database, systemClock);
    const ledger = new LedgerService(timed.database, systemClock, policies);
    const caller = await callerFor(database, credentials.apiClient.keyId);
    const once = () => {
      const n = ++seq;
      return deductAsTheRouteDoes(
        { database: timed.database, clock: systemClock, ledger },
        caller,
        `e-${RUN}-${n}`,
        {
          orderNo: `E-${RUN}-${n}`,
          creditCode: pickOne(creditCodes),
          category: 'compute',
          amount: BILL,
        },
      );
    };
    for (let i = 0; i < 50; i++) await once();
    timed.reset();
    const t0 = performance.now();
    const count = 500;
    for (let i = 0; i < count; i++) await once();
    const perDeduction = (performance.now() - t0) / count;
    const sequential = timed.stats();
    for (let i = 0; i < 3; i++) {
      timed.explainNextTransaction();
      await once();
    }
    const explained = timed.explained().slice(-5);
    // E5: the same for batches of BATCH_SIZE bills, one at a time.
    await freshStatistics();
    const batchOnce = () => {
      const n = ++seq;
      return batchAsTheRouteDoes(
        { database: timed.database, clock: systemClock, ledger },
        caller,
        `eb-${RUN}-${n}`,
        sampleDistinct(creditCodes, BATCH_SIZE).map((creditCode, i) => ({
          orderNo: `EB-${RUN}-${n}-${i}`,
          creditCode,
          category: 'compute',
          amount: BILL,
        })),
      );
    };
    for (let i = 0; i < 3; i++) await batchOnce();
    timed.reset();
    const b0 = performance.now();
    const batches = 10;
    for (let i = 0; i < batches; i++) await batchOnce();
    const perBatch = (performance.now() - b0) / batches;
    const batchSequential = timed.stats();
    timed.explainNextTransaction();
    await batchOnce();
    const batchExplained = timed.explained();
    statements = {
      sequential,
      explained,
      batchSequential,
      batchExplained,
      perDeductionMs: perDeduction,
      perBatchMs: perBatch,
    };
    log(
      `\nE4 the route transaction, one client, ${count} in a row: ${perDeduction.toFixed(2)} ms each`,
    );
    for (const s of sequential) log(`  ${s.meanMs.toFixed(3).padStart(7)} ms  ${s.label}`);
    log('  EXPLAIN ANALYZE of one deduction (server-side ms):');
    for (const e of explained)
      log(
        `  plan ${e.planningMs.toFixed(3)} exec ${e.executionMs.toFixed(3)}  ${e.label}` +
          `${e.triggers.length ? `  triggers: ${e.triggers.map((t) => `${t.name} ${t.ms.toFixed(3)} ms/${t.calls}`).join(', ')}` : ''}`,
      );
  }

  if (statements) {
    log(
      `\nE5 the batch route transaction (${BATCH_SIZE} bills), one at a time: ${statements.perBatchMs.toFixed(1)} ms each`,
    );
    for (const s of statements.batchSequential)
      log(`  ${s.meanMs.toFixed(3).padStart(8)} ms  ${s.label}`);
    log('  EXPLAIN ANALYZE of one batch (server-side ms):');
    for (const e of statements.batchExplained)
      log(
        `  plan ${e.planningMs.toFixed(3)} exec ${e.executionMs.toFixed(3)}  ${e.label}` +
          `${e.triggers.length ? `  triggers: ${e.triggers.map((t) => `${t.name} ${t.ms.toFixed(1)} ms/${t.calls}`).join(', ')}` : ''}`,
      );
  }

  // Counts always; the full ledger verify only with --verify: on this many rows one of its
  // checks takes minutes (see docs/benchmarks.md).
  const [counts] = await database.raw.query<{ deductions: string; audit: string }>(
    'SELECT (SELECT count(*) FROM deductions) AS deductions, (SELECT count(*) FROM audit_log) AS audit',
  );
  let ledgerVerify: unknown = 'not run (--verify)';
  if (args.verify) {
    const v0 = performance.now();
    const report = await verifyLedger(database.raw);
    ledgerVerify = {
      ok: report.ok,
      seconds: Math.round((performance.now() - v0) / 100) / 10,
      violations: report.violations.slice(0, 10),
    };
    log(`\nledger verify: ${JSON.stringify(ledgerVerify)}`);
  }
  log(`${counts?.deductions} deductions, ${counts?.audit} audit rows in the platform database`);
  await database.close();

  await server.stop('SIGTERM');
  const exitAt = performance.now();
  const profiles: Record<string, ProfileSummary> = {};
  if (args.profile) {
    const file = fs.readdirSync(profileDir).find((f) => f.endsWith('.0.001.cpuprofile'));
    if (file) {
      log(`\nserver CPU profile (main thread, ${path.join(profileDir, file)}), self time by area:`);
      for (const [phase, window] of windows) {
        // The profile ends when the process exits: place each window before that.
        const summary = summariseProfile(path.join(profileDir, file), {
          fromMsBeforeEnd: exitAt - window.start,
          toMsBeforeEnd: exitAt - window.end,
        });
        profiles[phase] = summary;
        log(
          `  ${phase}: ${summary.byArea
            .slice(0, 10)
            .map((a) => `${a.area} ${a.share}`)
            .join(', ')}`,
        );
        log(
          `    top functions: ${summary.topFunctions
            .slice(0, 8)
            .map((f) => `${f.fn} (${f.where}) ${f.share}`)
            .join(', ')}`,
        );
      }
    }
  }

  // Ratios against the targets.
  const ref64 = reference.get('single@64');
  const api64 = api.get('single@64');
  const api16 = api.get('single@16');
  const bestRefBatch = [...reference.entries()]
    .filter(([k]) => k.startsWith('batch@'))
    .reduce((m, [, r]) => Math.max(m, r.tps * BATCH_SIZE), 0);
  const bestApiBatch = [...api.entries()]
    .filter(([k]) => k.startsWith('batch@'))
    .reduce((m, [, r]) => Math.max(m, r.unitsPerSecond), 0);
  const targets: Table = {
    title: 'Targets',
    columns: ['target', 'measured', 'reference', 'ratio / value', 'goal', 'met'],
    rows: [],
  };
  let headline = '';
  if (ref64 && api64) {
    const r = ratio(api64.unitsPerSecond, ref64.tps);
    headline = `API@64 / pgbench@64 = ${pct(r)} (${Math.round(api64.unitsPerSecond)} / ${Math.round(ref64.tps)} deductions/s)`;
    targets.rows.push([
      'API at 64 clients vs pgbench at 64',
      `${Math.round(api64.unitsPerSecond)}/s`,
      `${Math.round(ref64.tps)}/s`,
      pct(r),
      '≥ 50%',
      r >= 0.5 ? 'met' : 'MISSED',
    ]);
  }
  if (api16) {
    targets.rows.push([
      'API p99 at 16 clients',
      `${api16.latency.p99Ms} ms`,
      `pgbench p99 ${reference.get('single@16')?.latency.p99Ms ?? '–'} ms`,
      `${api16.latency.p99Ms} ms`,
      '≤ 25 ms',
      api16.latency.p99Ms <= 25 ? 'met' : 'MISSED',
    ]);
  }
  if (bestRefBatch > 0 && bestApiBatch > 0) {
    const r = ratio(bestApiBatch, bestRefBatch);
    targets.rows.push([
      `batch API (${BATCH_SIZE}/call, best concurrency) vs set-based pgbench (best)`,
      `${Math.round(bestApiBatch)}/s`,
      `${Math.round(bestRefBatch)}/s`,
      pct(r),
      '≥ 50%',
      r >= 0.5 ? 'met' : 'MISSED',
    ]);
  }

  const phaseTable = (title: string, list: Phase[]): Table => ({
    title,
    columns: [
      'phase',
      'clients',
      'rate',
      'p50 ms',
      'p99 ms',
      'errors',
      'cores: server / postgres / load gen / pgbench / other / idle',
    ],
    rows: list.map((p) => [
      p.name,
      p.clients,
      `${p.perSecond} ${p.unit}${p.extra ? ` (${p.extra})` : ''}`,
      p.p50Ms,
      p.p99Ms,
      p.errors,
      `${p.cpu.server} / ${p.cpu.postgres} / ${p.cpu.loadGenerator} / ${p.cpu.pgbench} / ${p.cpu.other} / ${p.cpu.idle}`,
    ]),
  });
  const tables = [
    targets,
    phaseTable(
      'Phases',
      phases.filter((p) => !experiments.includes(p)),
    ),
    ...(experiments.length ? [phaseTable('Experiments', experiments)] : []),
  ];
  if (!headline && bestRefBatch > 0 && bestApiBatch > 0) {
    headline = `batch API / set-based pgbench = ${pct(ratio(bestApiBatch, bestRefBatch))} (${Math.round(bestApiBatch)} / ${Math.round(bestRefBatch)} deductions/s)`;
  }
  const files = writeResults('deductions', {
    command: commandLine(),
    machine,
    run: RUN,
    settings: {
      enterprises: ENTERPRISES,
      durationS: DURATION_MS / 1000,
      warmupS: WARMUP_MS / 1000,
      pool: POOL,
      batchSize: BATCH_SIZE,
      bill: BILL,
    },
    headline,
    tables,
    pgbench: Object.fromEntries(reference),
    api: Object.fromEntries(api),
    phases,
    profiles,
    statements,
    ledgerVerify,
    rows: counts,
    notes: [
      'One machine: the load generator, the server and PostgreSQL share its cores (see the cores columns).',
      `pgbench command: ${reference.get('single@64')?.command ?? reference.values().next().value?.command ?? ''}`,
    ],
  });
  log('\nTargets:');
  for (const row of targets.rows) log(`  ${row.join('  |  ')}`);
  log(`\n==> ${headline || 'no API figure (--only none)'}`);
  log(`results: ${files.json}, ${files.markdown}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
