/**
 * Deduction throughput and latency on PostgreSQL, beside pgbench running the equivalent
 * transaction in the same run (quality-bar.md, Benchmarks):
 *   (a) pgbench reference: lock a voucher row, check its balance, insert a ledger row with a
 *       unique order number, update the balance — over many vouchers, picked at random;
 *   (b) the API: POST /api/open/v1/deductions, signed, unique Idempotency-Key and orderNo,
 *       against the real server process, at 1, 16 and 64 concurrent clients;
 *   (c) batches: a set-based pgbench transaction of 1,000 bills beside
 *       POST /api/open/v1/deductions/batch with 1,000 bills a call.
 * Optional: --experiments (where the time goes, E1–E7), --profile (server CPU profile by
 * phase), --baseline <dir> (another checkout, e.g. `git archive <commit> server package.json
 * tsconfig.json | tar -x -C <dir>` with node_modules and web linked in: its server runs on the
 * same database beside this one, each API phase and E3/E4 measured for both, in one run).
 *
 *   node --import tsx bench/deductions.ts [--enterprises 2000] [--duration 10] [--warmup 2]
 *     [--clients 1,16,64] [--batch-clients 1,2,4] [--batch-size 1000] [--pool 20]
 *     [--experiments [--statements-only]] [--profile] [--only single|batch|none] [--verify]
 *     [--keep] [--baseline <dir>]
 *
 * The parts are in lib/deductions-*.ts: setup (flags, databases, servers, seed), scripts
 * (pgbench), phases (API and pgbench runs, E1–E3, E6, E7), statements (E4, E5), report.
 */
import { verifyLedger } from '../server/src/modules/ledger/ledger.verify.js';
import { runCleanups } from './lib/cleanup.js';
import { SERVER_URL } from './lib/database.js';
import { createPhases } from './lib/deductions-phases.js';
import { profileSummaries, report } from './lib/deductions-report.js';
import {
  referenceDatabase,
  settingsFromArgs,
  platform as startPlatform,
} from './lib/deductions-setup.js';
import { statementExperiments } from './lib/deductions-statements.js';
import { describeMachine, machineInfo } from './lib/machine.js';

const log = (line: string) => console.log(line);

async function main() {
  const settings = settingsFromArgs();
  const machine = machineInfo(SERVER_URL);
  log(describeMachine(machine));
  log(
    `run ${settings.run}: ${settings.enterprises} enterprises/vouchers, ${settings.durationMs / 1000} s per phase after ${settings.warmupMs / 1000} s warm-up, server pool ${settings.pool}`,
  );
  const refDb = await referenceDatabase(settings);
  const platform = await startPlatform(settings, refDb.url, log);
  const phases = createPhases(settings, platform, refDb.url, log);
  const withBaseline = platform.baseline !== undefined;

  if (settings.only !== 'batch' && settings.only !== 'none') {
    log('Single deductions (one bill a transaction / a call):');
    for (const clients of settings.clients) {
      await phases.pgbench('single', clients);
      if (withBaseline) await phases.single(clients, 'baseline');
      await phases.single(clients);
    }
  }
  if (settings.only !== 'single' && settings.only !== 'none') {
    log(`\nBatches (${settings.batchSize} bills a transaction / a call):`);
    for (const clients of settings.batchClients) {
      await phases.pgbench('batch', clients);
      if (withBaseline) await phases.batch(clients, 'baseline');
      await phases.batch(clients);
    }
  }
  if (settings.experiments && !settings.statementsOnly) await phases.runExperiments();
  const statements = settings.experiments
    ? await statementExperiments(settings, platform, phases.nextSeq, log)
    : undefined;

  // Counts always; the full ledger verify only with --verify: on this many rows one of its
  // checks takes minutes (see docs/benchmarks.md).
  const { database } = platform;
  const [counts] = await database.raw.query<{ deductions: string; audit: string }>(
    'SELECT (SELECT count(*) FROM deductions) AS deductions, (SELECT count(*) FROM audit_log) AS audit',
  );
  let ledgerVerify: unknown = 'not run (--verify)';
  if (settings.verify) {
    const v0 = performance.now();
    const result = await verifyLedger(database.raw);
    ledgerVerify = {
      ok: result.ok,
      seconds: Math.round((performance.now() - v0) / 100) / 10,
      violations: result.violations.slice(0, 10),
    };
    log(`\nledger verify: ${JSON.stringify(ledgerVerify)}`);
  }
  log(`${counts?.deductions} deductions, ${counts?.audit} audit rows in the platform database`);
  await database.close();

  await platform.baselineServer?.stop('SIGTERM');
  await platform.server.stop('SIGTERM');
  const exitAt = performance.now();
  const profiles = settings.profile
    ? profileSummaries(platform.profileDir, phases.windows, exitAt, log)
    : {};
  report(settings, machine, phases, { profiles, statements, ledgerVerify, rows: counts }, log);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
