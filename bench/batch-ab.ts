/**
 * The batch API, A/B in one run (D-ledger-fn-2): `POST /api/open/v1/deductions/batch` with
 * 1,000 bills a call against the real server process, the same database and the same seed,
 * with the batch decided three ways in turn:
 *   per-bill  `yq_deduct` called once per bill inside the database (one function call a bill,
 *             the batch's key, stored answer and audit row around them) — what a batch costs
 *             when each bill is decided by the single-bill function;
 *   0013      one call of `yq_deduct` for the whole batch (p_one false, pre-check on) — this
 *             tree before migration 0016;
 *   0016      one call of `yq_deduct_batch` (migration 0016) — the route as it is.
 * The route always sends `SELECT yq_deduct_batch(…)`; for "per-bill" and "0013" the bench
 * replaces that function, for the phase, by a wrapper with the same signature and answers, and
 * puts the migration's function back afterwards (also on Ctrl-C). The variants alternate, round
 * after round, so load from other work on a shared machine falls on all of them alike; the
 * set-based pgbench reference (docs/benchmarks.md section 2) runs in each round too. Compare
 * ratios within the run.
 *
 *   node --import tsx bench/batch-ab.ts [--rounds 3] [--batch-clients 1] [--duration 8]
 *     [--warmup 2] [--enterprises 2000] [--batch-size 1000] [--prefill 20000] [--keep]
 */
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../server/src/db/client.js';
import { intFlag } from './lib/args.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { SERVER_URL } from './lib/database.js';
import { createPhases, type Phase } from './lib/deductions-phases.js';
import {
  referenceDatabase,
  settingsFromArgs,
  platform as startPlatform,
} from './lib/deductions-setup.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { writeResults } from './lib/results.js';

const log = (line: string) => console.log(line);

const BATCH_SQL = fs.readFileSync(
  path.join(MIGRATIONS_DIR, '0016_deduct_batch_function.sql'),
  'utf8',
);

const SIGNATURE = `yq_deduct_batch(p_client_id text, p_operator_id text, p_key text,
  p_request_hash text, p_now timestamptz, p_created_at text, p_order_nos text[],
  p_credit_codes text[], p_categories text[], p_amounts bigint[], p_descriptions text[],
  p_programme text, p_refusals jsonb, p_audit jsonb DEFAULT NULL)`;

/** 0013: the whole batch in one call of yq_deduct, as the route sent it before 0016. */
const ONE_CALL_0013 = `CREATE OR REPLACE FUNCTION ${SIGNATURE} RETURNS jsonb LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN yq_deduct(p_client_id, p_operator_id, p_key, p_request_hash, p_now, p_created_at,
    false, true, p_order_nos, p_credit_codes, p_categories, p_amounts, p_descriptions,
    p_programme, p_refusals, p_audit);
END;
$fn$;`;

/**
 * Per bill: the key claimed once, then yq_deduct once per bill without a key (its own lock,
 * decision and writes for that bill), the answer assembled, stored with the key, audited.
 */
const PER_BILL = `CREATE OR REPLACE FUNCTION ${SIGNATURE} RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  v_results jsonb[] := '{}';
  v_one jsonb;
  v_outcome jsonb;
  v_body jsonb;
BEGIN
  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
    VALUES (p_client_id, p_key, p_request_hash, 'in_progress', p_now) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN jsonb_build_object('replay', (
        SELECT jsonb_build_object('request_hash', ik.request_hash, 'state', ik.state,
                                  'status_code', ik.status_code, 'response', ik.response)
          FROM idempotency_keys ik WHERE ik.client_id = p_client_id AND ik.key = p_key));
    END IF;
  END IF;
  FOR i IN 1..coalesce(array_length(p_order_nos, 1), 0) LOOP
    v_one := yq_deduct(p_client_id, p_operator_id, NULL, NULL, p_now, p_created_at, false, true,
      ARRAY[p_order_nos[i]], ARRAY[p_credit_codes[i]], ARRAY[p_categories[i]],
      ARRAY[p_amounts[i]], ARRAY[p_descriptions[i]], p_programme, p_refusals, NULL);
    v_outcome := v_one->'outcomes'->0;
    IF p_key IS NULL THEN
      v_results[i] := v_outcome;
    ELSIF (v_outcome->>'ok')::boolean THEN
      v_results[i] := jsonb_build_object('orderNo', p_order_nos[i], 'ok', true,
        'result', v_outcome->'result');
    ELSE
      v_results[i] := jsonb_build_object('orderNo', p_order_nos[i], 'ok', false,
        'error', jsonb_build_object('status', p_refusals->(v_outcome->>'code')->'status',
          'code', v_outcome->>'code', 'title', p_refusals->(v_outcome->>'code')->'title',
          'detail', v_outcome->'detail'));
    END IF;
  END LOOP;
  IF p_key IS NULL THEN
    RETURN jsonb_build_object('outcomes', to_jsonb(v_results));
  END IF;
  v_body := jsonb_build_object('results', to_jsonb(v_results));
  UPDATE idempotency_keys SET state = 'done', status_code = 200, response = v_body
   WHERE client_id = p_client_id AND key = p_key;
  IF p_audit IS NOT NULL THEN
    PERFORM audit_record(p_audit);
  END IF;
  RETURN jsonb_build_object('response', jsonb_build_object('status', 200, 'body', v_body));
END;
$fn$;`;

const VARIANTS = [
  { name: 'per-bill', label: 'yq_deduct once per bill', sql: PER_BILL },
  { name: '0013', label: 'one call of yq_deduct (before)', sql: ONE_CALL_0013 },
  { name: '0016', label: 'one call of yq_deduct_batch (after)', sql: BATCH_SQL },
] as const;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** --rounds N (this script's own flag), taken off the command line before the shared flags. */
function takeRounds(): number {
  const args = process.argv;
  const at = args.findIndex((a) => a === '--rounds' || a.startsWith('--rounds='));
  if (at < 0) return 3;
  const arg = args[at] as string;
  const value = arg.includes('=') ? arg.split('=')[1] : args[at + 1];
  args.splice(at, arg.includes('=') ? 1 : 2);
  return intFlag(value, 3);
}

async function main() {
  const rounds = takeRounds();
  const settings = settingsFromArgs();
  const clients = settings.batchClients[0] ?? 1;
  const machine = machineInfo(SERVER_URL);
  log(describeMachine(machine));
  log(
    `run ${settings.run}: ${rounds} rounds × (pgbench set-based + ${VARIANTS.length} variants), ` +
      `${settings.batchSize} bills a call, ${clients} client(s), ${settings.durationMs / 1000} s a phase after ${settings.warmupMs / 1000} s warm-up`,
  );
  const refDb = await referenceDatabase(settings);
  const platform = await startPlatform(settings, refDb.url, log);
  const phases = createPhases(settings, platform, refDb.url, log);
  const install = (sql: string) => platform.database.raw.query(sql);
  onCleanup(() => {
    void install(BATCH_SQL).catch(() => {});
  });

  const measured = new Map<string, Phase[]>();
  const reference: Phase[] = [];
  for (let round = 1; round <= rounds; round++) {
    log(
      `\nround ${round} (load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}):`,
    );
    reference.push(await phases.pgbench('batch', clients, `r${round}`));
    // Each round in a different order, so no variant always runs first or last.
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round - 1) % VARIANTS.length]);
    for (const variant of order) {
      if (!variant) continue;
      await install(variant.sql);
      log(`  [${variant.name}] ${variant.label}`);
      const phase = await phases.batch(clients);
      measured.set(variant.name, [...(measured.get(variant.name) ?? []), phase]);
    }
    await install(BATCH_SQL);
  }

  const refMedian = median(reference.map((p) => p.perSecond));
  const base = median((measured.get('0013') ?? []).map((p) => p.perSecond));
  const rows = VARIANTS.map((v) => {
    const list = measured.get(v.name) ?? [];
    const rate = median(list.map((p) => p.perSecond));
    const p50 = median(list.map((p) => p.p50Ms));
    return [
      v.name,
      v.label,
      list.map((p) => p.perSecond).join(' / '),
      Math.round(rate),
      Math.round(p50 * 10) / 10,
      `${Math.round((rate / refMedian) * 1000) / 10} %`,
      `${rate >= base ? '+' : ''}${Math.round((rate / base - 1) * 1000) / 10} %`,
      list.reduce((sum, p) => sum + p.errors, 0),
    ];
  });
  const table = {
    title: `Batch API A/B (${settings.batchSize} bills a call, ${clients} client(s), ${rounds} rounds)`,
    columns: [
      'variant',
      'how the batch is decided',
      'deductions/s per round',
      'median /s',
      'median p50 ms a call',
      '/ set-based reference',
      'vs 0013',
      'errors',
    ],
    rows: [
      [
        'reference',
        'pgbench set-based transaction',
        reference.map((p) => p.perSecond).join(' / '),
        Math.round(refMedian),
        median(reference.map((p) => p.p50Ms)),
        '100 %',
        '',
        reference.reduce((sum, p) => sum + p.errors, 0),
      ],
      ...rows,
    ],
  };
  log(`\n| ${table.columns.join(' | ')} |\n|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) log(`| ${row.join(' | ')} |`);
  const files = writeResults('batch-ab', {
    command: `node --import tsx bench/batch-ab.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    tables: [table],
  });
  log(`\nresults: ${files.json}, ${files.markdown}`);
  await platform.database.close();
  await platform.server.stop('SIGTERM');
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
