/**
 * bench/deductions.ts, set-up: the flags, the pgbench reference tables, and the platform —
 * a fresh database, the real server process (and, with --baseline, a second one running
 * another checkout on the same database), ENTERPRISES voucher holders and PREFILL earlier
 * deductions.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../server/src/db/client.js';
import type { DemoCredentials } from '../../server/src/seed/demo-vouchers.js';
import { flags, intFlag, listFlag } from './args.js';
import { onCleanup } from './cleanup.js';
import { adminQueryOn, createFreshDatabase } from './database.js';
import { sampleDistinct } from './open-api.js';
import { RESULTS_DIR } from './results.js';
import { seedVoucherHolders } from './seed.js';
import { type BenchServer, startBenchServer } from './server.js';
import { type Caller, callerFor, loadRouteCode, type RouteCode } from './service-path.js';

export function settingsFromArgs() {
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
    baseline: { type: 'string', default: '' },
  });
  const settings = {
    enterprises: intFlag(args.enterprises, 2000),
    durationMs: intFlag(args.duration, 10) * 1000,
    warmupMs: intFlag(args.warmup, 2) * 1000,
    clients: listFlag(args.clients, [1, 16, 64]),
    batchClients: listFlag(args['batch-clients'], [1, 2, 4]),
    batchSize: intFlag(args['batch-size'], 1000),
    pool: intFlag(args.pool, 20),
    prefill: intFlag(args.prefill, 20_000),
    experiments: Boolean(args.experiments),
    statementsOnly: Boolean(args['statements-only']),
    profile: Boolean(args.profile),
    only: String(args.only ?? ''),
    verify: Boolean(args.verify),
    keep: Boolean(args.keep),
    /** Another checkout (its `server/` tree) to measure beside this one: "before". */
    baseline: args.baseline ? path.resolve(String(args.baseline)) : undefined,
    run: randomBytes(3).toString('hex'),
    /** fen: small, so 5★ balances never run out */
    bill: 200,
  };
  if (settings.batchSize > settings.enterprises)
    throw new Error('--batch-size must not exceed --enterprises (bills need distinct vouchers)');
  return settings;
}
export type Settings = ReturnType<typeof settingsFromArgs>;

/** The pgbench reference tables, in a database of their own. */
export async function referenceDatabase(settings: Settings) {
  const refDb = await createFreshDatabase('yq_bench_ref', { keep: settings.keep });
  const client = new pg.Client({ connectionString: refDb.url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(`
      CREATE TABLE bench_vouchers (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0));
      CREATE TABLE bench_ledger (id bigserial PRIMARY KEY, order_no text NOT NULL UNIQUE,
        voucher_id int NOT NULL, amount bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO bench_vouchers SELECT g, 3500000 FROM generate_series(1, ${settings.enterprises}) g;`);
    await client.query('VACUUM ANALYZE bench_vouchers');
  } finally {
    await client.end();
  }
  return refDb;
}

export interface Platform {
  appUrl: string;
  server: BenchServer;
  /** The --baseline checkout's server on the same database. */
  baselineServer?: BenchServer;
  profileDir: string;
  credentials: DemoCredentials;
  database: Database;
  caller: Caller;
  creditCodes: string[];
  current: RouteCode;
  baseline?: RouteCode;
  /** ANALYZE both databases, as autovacuum would between phases. */
  freshStatistics(): Promise<void>;
  /**
   * Installs the deduction functions of this tree or of the --baseline tree before a phase of
   * its server: both servers share one database, and `yq_deduct` / `yq_deduct_batch` live in
   * it, so without this a baseline phase would run this tree's functions (a change inside the
   * function, such as migration 0017, would not be compared at all).
   */
  installFunctionsOf(which: 'current' | 'baseline'): Promise<void>;
}

/**
 * The deduction functions a tree defines: per function, the last migration that (re)defines
 * it, as the migration's statements (split at drizzle's breakpoints: PGlite takes one statement
 * a query, and a migration may hold more than the function, e.g. 0019's index drops, which are
 * written to be run again).
 */
export function deductFunctionsOf(
  root: string,
): Array<{ file: string; sql: string; statements: string[] }> {
  const dir = path.join(root, 'server/src/db/migrations');
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const latest = new Map<string, string>();
  for (const file of files) {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const name of ['yq_deduct', 'yq_deduct_batch']) {
      if (sql.includes(`CREATE OR REPLACE FUNCTION ${name}(`)) latest.set(name, file);
    }
  }
  return [...new Set(latest.values())].map((file) => {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    return { file, sql, statements: migrationStatements(sql) };
  });
}

/** A migration's statements, as drizzle's migrator runs them (split at its breakpoints). */
export function migrationStatements(sql: string): string[] {
  return sql.split('--> statement-breakpoint').filter((part) => part.trim() !== '');
}

export async function platform(
  settings: Settings,
  refUrl: string,
  log: (line: string) => void,
): Promise<Platform> {
  const appDb = await createFreshDatabase('yq_bench_app', { keep: settings.keep });
  const profileDir = path.join(RESULTS_DIR, `profile-${settings.run}`);
  const env = {
    DATABASE_URL: appDb.url,
    DATABASE_POOL_SIZE: String(settings.pool),
    OPEN_API_RATE_LIMIT_PER_MINUTE: '1000000000',
    JOBS: 'false',
  };
  const server = await startBenchServer({
    env,
    nodeArgs: settings.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const credentials = JSON.parse(
    fs.readFileSync(path.join(server.dataDir, 'demo-credentials.json'), 'utf8'),
  ) as DemoCredentials;
  // Started after the first has migrated and seeded: it finds both done.
  const baselineServer = settings.baseline
    ? await startBenchServer({ env, root: settings.baseline })
    : undefined;
  const database = await openDatabase({ databaseUrl: appDb.url, poolSize: settings.pool });
  // Not awaited: a query still running must not hold up Ctrl-C (the drop ends it).
  onCleanup(() => {
    void database.close().catch(() => {});
  });
  const functions = {
    current: deductFunctionsOf(path.resolve(import.meta.dirname, '../..')),
    baseline: settings.baseline ? deductFunctionsOf(settings.baseline) : [],
  };
  let installed: 'current' | 'baseline' = 'current';
  const current = await loadRouteCode();
  const baseline = settings.baseline ? await loadRouteCode(settings.baseline) : undefined;
  const caller = await callerFor(database, credentials.apiClient.keyId);
  const seedStart = performance.now();
  const creditCodes = await seedVoucherHolders(database, {
    count: settings.enterprises,
    parallel: 4,
  });
  // History before measuring: a database that has only just been created plans its foreign-key
  // checks for empty tables (sequential scans, kept per connection until the next ANALYZE),
  // which is not the steady state (see docs/benchmarks.md). So: PREFILL earlier deductions
  // through the batch route's own path, then statistics, refreshed again before each phase
  // as autovacuum would.
  const ledger = current.ledgerFor(database);
  for (let done = 0, b = 0; done < settings.prefill; b++) {
    const size = Math.min(1000, settings.prefill - done, creditCodes.length);
    await current.batch(
      database,
      ledger,
      caller,
      `pre-${settings.run}-${b}`,
      sampleDistinct(creditCodes, size).map((creditCode, i) => ({
        orderNo: `P-${settings.run}-${b}-${i}`,
        creditCode,
        category: 'compute',
        amount: settings.bill,
      })),
    );
    done += size;
    // Statistics as the table grows, so the foreign-key checks are planned for its size.
    await database.raw.query('ANALYZE deductions, deduction_allocations, ledger_transfers');
  }
  await database.raw.query('VACUUM ANALYZE');
  log(
    `seeded ${creditCodes.length} enterprises with a 5★ voucher and ${settings.prefill} earlier deductions in ${((performance.now() - seedStart) / 1000).toFixed(1)} s` +
      `${baseline ? `; baseline: ${settings.baseline}` : ''}\n` +
      (baseline
        ? `deduction functions: this tree ${functions.current.map((f) => f.file).join(', ')}; baseline ${functions.baseline.map((f) => f.file).join(', ')} (installed before each phase of its server)\n`
        : ''),
  );
  return {
    appUrl: appDb.url,
    server,
    baselineServer,
    profileDir,
    credentials,
    database,
    caller,
    creditCodes,
    current,
    baseline,
    async freshStatistics() {
      await database.raw.query('ANALYZE');
      await adminQueryOn(refUrl, 'ANALYZE');
    },
    async installFunctionsOf(which) {
      if (!baseline || which === installed) return;
      for (const { statements } of functions[which]) {
        for (const statement of statements) await database.raw.query(statement);
      }
      installed = which;
    },
  };
}
