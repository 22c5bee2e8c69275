/**
 * bench/deductions.ts, experiments E4 and E5: one client, the route's transaction
 * statement by statement (round trips counted, each timed), then EXPLAIN ANALYZE of one
 * whole deduction (E4) and of one batch (E5). With --baseline, E4 also for the baseline.
 */

import type { Platform, Settings } from './deductions-setup.js';
import { pickOne, sampleDistinct } from './open-api.js';
import type { RouteCode } from './service-path.js';
import { type ExplainedStatement, type StatementStats, timedDatabase } from './timed-database.js';

export interface StatementsReport {
  code: string;
  perDeductionMs: number;
  /** Statements per deduction inside the transaction, plus BEGIN and COMMIT. */
  roundTrips: number;
  sequential: StatementStats[];
  explained: ExplainedStatement[];
}

async function singleStatements(
  settings: Settings,
  platform: Platform,
  code: RouteCode,
  nextSeq: () => number,
): Promise<StatementsReport> {
  await platform.freshStatistics();
  const timed = timedDatabase(platform.database);
  const ledger = code.ledgerFor(timed.database);
  const once = () => {
    const n = nextSeq();
    return code.deduct(timed.database, ledger, platform.caller, `e-${settings.run}-${n}`, {
      orderNo: `E-${settings.run}-${n}`,
      creditCode: pickOne(platform.creditCodes),
      category: 'compute',
      amount: settings.bill,
    });
  };
  for (let i = 0; i < 50; i++) await once();
  timed.reset();
  const t0 = performance.now();
  const count = 500;
  for (let i = 0; i < count; i++) await once();
  const perDeductionMs = (performance.now() - t0) / count;
  const sequential = timed.stats();
  const roundTrips = timed.roundTrips() / count;
  for (let i = 0; i < 3; i++) {
    timed.explainNext();
    await once();
  }
  return {
    code: code.name,
    perDeductionMs,
    roundTrips,
    sequential,
    explained: timed.explained().slice(-5),
  };
}

async function batchStatements(settings: Settings, platform: Platform, nextSeq: () => number) {
  await platform.freshStatistics();
  const timed = timedDatabase(platform.database);
  const code = platform.current;
  const ledger = code.ledgerFor(timed.database);
  const batchOnce = () => {
    const n = nextSeq();
    return code.batch(
      timed.database,
      ledger,
      platform.caller,
      `eb-${settings.run}-${n}`,
      sampleDistinct(platform.creditCodes, settings.batchSize).map((creditCode, i) => ({
        orderNo: `EB-${settings.run}-${n}-${i}`,
        creditCode,
        category: 'compute',
        amount: settings.bill,
      })),
    );
  };
  for (let i = 0; i < 3; i++) await batchOnce();
  timed.reset();
  const b0 = performance.now();
  const batches = 10;
  for (let i = 0; i < batches; i++) await batchOnce();
  const perBatchMs = (performance.now() - b0) / batches;
  const batchSequential = timed.stats();
  timed.explainNext();
  await batchOnce();
  return { perBatchMs, batchSequential, batchExplained: timed.explained() };
}

export async function statementExperiments(
  settings: Settings,
  platform: Platform,
  nextSeq: () => number,
  log: (line: string) => void,
) {
  const singles: StatementsReport[] = [];
  if (platform.baseline)
    singles.push(await singleStatements(settings, platform, platform.baseline, nextSeq));
  singles.push(await singleStatements(settings, platform, platform.current, nextSeq));
  const batches = await batchStatements(settings, platform, nextSeq);
  const explainLine = (e: ExplainedStatement, digits: number) =>
    `  plan ${e.planningMs.toFixed(3)} exec ${e.executionMs.toFixed(3)}  ${e.label}` +
    `${e.triggers.length ? `  triggers: ${e.triggers.map((t) => `${t.name} ${t.ms.toFixed(digits)} ms/${t.calls}`).join(', ')}` : ''}`;
  for (const s of singles) {
    log(
      `\nE4 the route transaction (${s.code}), one client, 500 in a row: ${s.perDeductionMs.toFixed(2)} ms each, ${s.roundTrips.toFixed(2)} round trips (BEGIN and COMMIT included)`,
    );
    for (const st of s.sequential)
      log(`  ${st.meanMs.toFixed(3).padStart(7)} ms  ${st.label}  (${st.count})`);
    log('  EXPLAIN ANALYZE of one deduction (server-side ms):');
    for (const e of s.explained) log(explainLine(e, 3));
  }
  log(
    `\nE5 the batch route transaction (${settings.batchSize} bills), one at a time: ${batches.perBatchMs.toFixed(1)} ms each`,
  );
  for (const s of batches.batchSequential)
    log(`  ${s.meanMs.toFixed(3).padStart(8)} ms  ${s.label}`);
  log('  EXPLAIN ANALYZE of one batch (server-side ms):');
  for (const e of batches.batchExplained) log(explainLine(e, 1));
  return { singles, ...batches };
}
