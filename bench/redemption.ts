/**
 * The annual redemption package at scale (issue 8 §2 "Size and speed"): a synthetic settlement
 * year loaded with set-based SQL into a fresh PostgreSQL database, then the real package build
 * (RedemptionPackageService.start → waitFor: lines, cross-checks, the streamed workbook and the
 * PDF, files stored) timed, with this process's peak RSS. Target: 100,000 vouchers and
 * 10 million ledger transfers in ≤ 120 s with ≤ 1 GiB RSS.
 *
 *   node --import tsx bench/redemption.ts [--vouchers 100000] [--transfers 10000000]
 *        [--keep] [--database <name>] [--verify] [--runs 1] [--plant]
 *        [--baseline <dir> | --compare-with <dir>]
 *
 * `--database <name>` reuses a database a previous `--keep` run loaded (no load, no drop);
 * `--verify` runs the ledger's own checks (`ledger verify`) on the loaded year first.
 * `--plant` (with a load) writes bad and awkward rows into the loaded year (lib/redemption-plant).
 * `--baseline <dir>`: another source tree (e.g. `git archive main | tar -x -C <dir>`, with
 * node_modules linked) builds the same year too, the two alternating run by run (timing only).
 * `--compare-with <dir>`: the same, and then the last two builds' workbooks are compared cell
 * by cell and their lines, totals and counts field by field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/client.js';
import { ManualClock } from '../server/src/domain/clock.js';
import { FilesService } from '../server/src/modules/files/files.service.js';
import { verifyLedger } from '../server/src/modules/ledger/ledger.verify.js';
import { PoliciesService } from '../server/src/modules/policies/policies.service.js';
import { RedemptionPackageService } from '../server/src/modules/redemption/package.service.js';
import { commandLine, flags, intFlag } from './lib/args.js';
import { onCleanup, runCleanups } from './lib/cleanup.js';
import { cpuSnapshot, cpuUse, describeCpu } from './lib/cpu.js';
import { createFreshDatabase, SERVER_URL } from './lib/database.js';
import { describeMachine, machineInfo } from './lib/machine.js';
import { compareWorkbooks } from './lib/redemption-compare.js';
import { plantRows } from './lib/redemption-plant.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';

const args = flags({
  vouchers: { type: 'string', default: '100000' },
  transfers: { type: 'string', default: '10000000' },
  keep: { type: 'boolean', default: false },
  database: { type: 'string' },
  verify: { type: 'boolean', default: false },
  runs: { type: 'string', default: '1' },
  'load-only': { type: 'boolean', default: false },
  plant: { type: 'boolean', default: false },
  'compare-with': { type: 'string' },
  baseline: { type: 'string' },
});
const VOUCHERS = intFlag(args.vouchers, 100_000);
const TRANSFERS = intFlag(args.transfers, 10_000_000);
const RUNS = intFlag(args.runs, 1);

/** The settlement year built; its vouchers are of the same list year, granted on 1 January. */
const YEAR = 2026;
const PLAN_ID = 'bench-plan';
const OPERATOR_ID = 'bench-operator';
const CLIENT_ID = 'bench-client';
const USER_ID = 'bench-operator-user';
/** Every REVERSAL_EVERY-th deduction is reversed (alternately in full and by half). */
const REVERSAL_EVERY = 97;
/** Every NOT_LISTED_EVERY-th enterprise is missing from the published star list (NOT_ON_LIST). */
const NOT_LISTED_EVERY = 200;

/**
 * How the transfers split: one fund, two grants a voucher (70 % / 30 % tranches), one deduct a
 * deduction (all drawn from the first tranche) and one restore a reversal.
 */
export function scale(vouchers: number, transfers: number) {
  const movable = Math.max(transfers - 1 - 2 * vouchers, vouchers);
  const deductions = Math.floor((movable * REVERSAL_EVERY) / (REVERSAL_EVERY + 1));
  const reversals = Math.floor(deductions / REVERSAL_EVERY);
  const perVoucher = Math.ceil(deductions / vouchers);
  // The smallest first tranche (3★: 70 % of 10,000 yuan) must hold every deduction drawn on it.
  const cap = Math.max(1, Math.floor((700_000 * 0.9) / perVoucher));
  return {
    vouchers,
    deductions,
    reversals,
    transfers: 1 + 2 * vouchers + deductions + reversals,
    cap,
  };
}

// Ids: vouchers and tranches random-looking (md5 as a uuid), deductions, reversals and
// transfers in creation order (like a time-ordered uuid), so the load appends to its indexes.
const uuidOf = (prefix: string, n: string) => `md5('${prefix}' || ${n})::uuid::text`;
const seqId = (variant: string, n: string) =>
  `'00000000-0000-4000-${variant}-' || lpad(to_hex(${n}), 12, '0')`;
const voucherOf = (d: string) => `((${d} - 1) % ${VOUCHERS} + 1)`;
const star = (i: string) => `(CASE WHEN ${i} % 10 < 6 THEN 3 WHEN ${i} % 10 < 9 THEN 4 ELSE 5 END)`;
const tier = (i: string) =>
  `(CASE WHEN ${i} % 10 < 6 THEN 1000000 WHEN ${i} % 10 < 9 THEN 2000000 ELSE 5000000 END)::bigint`;
const creditCode = (i: string) => `'91320621' || lpad(${i}::text, 9, '0') || 'X'`;
const enterpriseName = (i: string) => `'海安测试企业' || ${i} || '有限公司'`;
const grantedAt = (i: string) =>
  `(timestamptz '${YEAR}-01-01 00:00:00+08' + (${i} % 3600) * interval '1 second')`;

async function load(url: string, s: ReturnType<typeof scale>): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // One big transaction a statement: no fsync wait per row, sorts and index builds in memory.
    await client.query(
      "SET synchronous_commit = off; SET maintenance_work_mem = '256MB'; SET work_mem = '64MB'",
    );
    return client;
  };
  const a = await connect();
  const b = await connect();
  try {
    await loadSteps(a, b, s, timings);
  } finally {
    await a.end();
    await b.end();
  }
  return timings;
}

async function loadSteps(
  a: pg.Client,
  b: pg.Client,
  s: ReturnType<typeof scale>,
  timings: Record<string, number>,
): Promise<void> {
  const step = async (client: pg.Client, name: string, sql: string) => {
    const t0 = performance.now();
    await client.query(sql);
    timings[name] = round((performance.now() - t0) / 1000, 1);
    console.log(`  load: ${name} ${timings[name]} s`);
  };
  const { vouchers: V, deductions: D, cap } = s;
  const tranche1 = (i: string) => uuidOf('t1-', i);
  const deductionAt = (d: string) =>
    `(timestamptz '${YEAR}-01-02 00:00:00+08' + (${d} - 1) * (interval '362 days' / ${D}))`;
  const deducted = (d: string) => `(1 + (${d} * 7919) % ${cap})::bigint`;
  const reversedOf = (d: string) =>
    `(CASE WHEN ${d} % ${REVERSAL_EVERY} <> 0 THEN 0 WHEN (${d} / ${REVERSAL_EVERY}) % 2 = 0
           THEN ${deducted(d)} ELSE greatest(1, ${deducted(d)} / 2) END)::bigint`;
  const categories = `(ARRAY['compute', 'storage', 'network', 'security'])[1 + ${'d'} % 4]`;

  await step(
    a,
    'policy, operator, user, plan, list',
    `INSERT INTO organisations (id, kind, name, credit_code, created_at)
       VALUES ('${OPERATOR_ID}', 'operator', '海安云平台服务方（基准）', NULL, now());
     INSERT INTO users (id, name, email, role, organisation_id, created_at, updated_at)
       VALUES ('${USER_ID}', '基准经办人', 'bench@example.invalid', 'operator_staff',
               '${OPERATOR_ID}', now(), now());
     INSERT INTO api_clients (id, key_id, name, operator_id, secret_ciphertext, status, created_at)
       VALUES ('${CLIENT_ID}', 'bench-key', 'billing', '${OPERATOR_ID}', 'x', 'active', now());
     INSERT INTO plans (id, list_year, policy_id, title, total_budget, budget_balance,
         claim_opens_at, claim_closes_at, status, approved_at, approved_by, created_at)
       SELECT '${PLAN_ID}', ${YEAR}, id, '${YEAR} 年度云资源券发放计划（基准）',
              ${V}::bigint * 5000000 + 1000000000, ${V}::bigint * 5000000 + 1000000000,
              timestamptz '${YEAR - 1}-12-01 00:00+08', timestamptz '${YEAR}-12-31 00:00+08',
              'approved', timestamptz '${YEAR - 1}-12-01 00:00+08', 'bench',
              timestamptz '${YEAR - 1}-12-01 00:00+08'
         FROM policies ORDER BY published_at LIMIT 1;
     INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at, plan_id, memo)
       SELECT ${seqId('a000', '1')}, 'fund', 'appropriation:${PLAN_ID}', 'budget:${PLAN_ID}',
              total_budget, approved_at, id, '{"reason":"发放计划批准"}'::jsonb
         FROM plans WHERE id = '${PLAN_ID}';
     INSERT INTO star_list_batches (id, list_year, batch_no, title, status, entry_count,
         imported_by, imported_at, published_by, published_at)
       VALUES ('bench-batch', ${YEAR}, 1, '${YEAR} 年度星级上云企业名单（基准）', 'published', 0,
               'bench', now(), 'bench', now());`,
  );
  await step(
    a,
    `organisations (${V})`,
    `INSERT INTO organisations (id, kind, name, credit_code, created_at, certified_at)
     SELECT ${uuidOf('e-', 'i')}, 'enterprise', ${enterpriseName('i')}, ${creditCode('i')},
            timestamptz '${YEAR - 1}-06-01 00:00+08', timestamptz '${YEAR - 1}-07-01 00:00+08'
       FROM generate_series(1, ${V}) i`,
  );
  await step(
    a,
    'star list entries',
    `INSERT INTO star_list_entries (id, batch_id, list_year, seq_no, city, county,
       enterprise_name, credit_code, star)
     SELECT ${uuidOf('s-', 'i')}, 'bench-batch', ${YEAR}, i, '南通市', '海安市',
            ${enterpriseName('i')}, ${creditCode('i')}, ${star('i')}
       FROM generate_series(1, ${V}) i WHERE i % ${NOT_LISTED_EVERY} <> 0;
     UPDATE star_list_batches SET entry_count = (SELECT count(*) FROM star_list_entries)
      WHERE id = 'bench-batch'`,
  );
  await step(
    a,
    `vouchers and tranches (${V} + ${2 * V})`,
    `INSERT INTO vouchers (id, enterprise_id, credit_code, enterprise_name, list_year, star,
       amount, plan_id, policy_id, granted_at, grant_key)
     SELECT ${uuidOf('v-', 'i')}, ${uuidOf('e-', 'i')}, ${creditCode('i')}, ${enterpriseName('i')},
            ${YEAR}, ${star('i')}, ${tier('i')}, '${PLAN_ID}', p.policy_id, ${grantedAt('i')},
            ${creditCode('i')} || ':${YEAR}'
       FROM generate_series(1, ${V}) i, (SELECT policy_id FROM plans WHERE id = '${PLAN_ID}') p;
     INSERT INTO voucher_tranches (id, voucher_id, credit_code, seq, amount, active_from,
       expires_at, balance)
     SELECT CASE WHEN seq = 1 THEN ${tranche1('i')} ELSE ${uuidOf('t2-', 'i')} END,
            ${uuidOf('v-', 'i')}, ${creditCode('i')}, seq,
            CASE WHEN seq = 1 THEN ${tier('i')} * 7 / 10 ELSE ${tier('i')} - ${tier('i')} * 7 / 10 END,
            ${grantedAt('i')} + (seq - 1) * interval '12 months',
            ${grantedAt('i')} + seq * interval '12 months',
            CASE WHEN seq = 1 THEN ${tier('i')} * 7 / 10 ELSE ${tier('i')} - ${tier('i')} * 7 / 10 END
       FROM generate_series(1, ${V}) i, generate_series(1, 2) seq;
     INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at, plan_id,
       voucher_id, tranche_id)
     SELECT ${seqId('a001', 'row_number() OVER (ORDER BY t.voucher_id, t.seq)')}, 'grant',
            'budget:${PLAN_ID}', 'tranche:' || t.id, t.amount, t.active_from - (t.seq - 1) * interval '12 months',
            '${PLAN_ID}', t.voucher_id, t.id
       FROM voucher_tranches t;
     UPDATE plans SET budget_balance = total_budget - (SELECT sum(amount) FROM vouchers)
      WHERE id = '${PLAN_ID}'`,
  );
  // The big tables' secondary indexes are dropped for the load and built again after it
  // (a sorted build instead of ten million random inserts); constraints stay.
  const { rows: secondary } = await a.query<{ name: string; definition: string }>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
      WHERE schemaname = 'public'
        AND tablename IN ('deductions', 'ledger_transfers', 'deduction_allocations', 'reversals')
        AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
  );
  for (const index of secondary) await a.query(`DROP INDEX "${index.name}"`);
  // Deductions and their transfers are independent of each other: two connections at once.
  await Promise.all([
    step(
      a,
      `deductions (${D})`,
      `INSERT INTO deductions (id, client_id, operator_id, order_no, enterprise_id, credit_code,
         category, requested, deducted, payable, reversed, description, created_at, settlement_year)
       SELECT ${seqId('b000', 'd')}, '${CLIENT_ID}', '${OPERATOR_ID}', 'HAC' || lpad(d::text, 12, '0'),
              ${uuidOf('e-', voucherOf('d'))}, ${creditCode(voucherOf('d'))}, ${categories},
              ${deducted('d')}, ${deducted('d')}, 0, ${reversedOf('d')}, NULL, ${deductionAt('d')},
              ${YEAR}
         FROM generate_series(1::bigint, ${D}) d`,
    ),
    step(
      b,
      `deduct and restore transfers (${D} + ${s.reversals})`,
      `INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
         voucher_id, tranche_id, deduction_id, reversal_id, settlement_year)
       SELECT ${seqId('a002', '2 * d + k')},
              CASE WHEN k = 0 THEN 'deduct' ELSE 'restore' END,
              CASE WHEN k = 0 THEN 'tranche:' || ${tranche1(voucherOf('d'))} ELSE 'redeemed:${YEAR}' END,
              CASE WHEN k = 0 THEN 'redeemed:${YEAR}' ELSE 'tranche:' || ${tranche1(voucherOf('d'))} END,
              CASE WHEN k = 0 THEN ${deducted('d')} ELSE ${reversedOf('d')} END,
              ${deductionAt('d')} + k * interval '10 minutes',
              ${uuidOf('v-', voucherOf('d'))}, ${tranche1(voucherOf('d'))}, ${seqId('b000', 'd')},
              CASE WHEN k = 0 THEN NULL ELSE ${seqId('c000', 'd')} END, ${YEAR}
         FROM generate_series(1::bigint, ${D}) d
         CROSS JOIN LATERAL (SELECT 0 AS k UNION ALL
                             SELECT 1 WHERE d % ${REVERSAL_EVERY} = 0) k`,
    ),
  ]);
  await Promise.all([
    step(
      a,
      `deduction allocations (${D})`,
      `INSERT INTO deduction_allocations (deduction_id, tranche_id, amount, reversed)
       SELECT ${seqId('b000', 'd')}, ${tranche1(voucherOf('d'))}, ${deducted('d')}, ${reversedOf('d')}
         FROM generate_series(1::bigint, ${D}) d`,
    ),
    step(
      b,
      `reversals (${s.reversals})`,
      `INSERT INTO reversals (id, deduction_id, client_id, amount, restored, voided, reason,
         created_at, settlement_year)
       SELECT ${seqId('c000', 'd')}, ${seqId('b000', 'd')}, '${CLIENT_ID}', ${reversedOf('d')},
              ${reversedOf('d')}, 0, '账单退款', ${deductionAt('d')} + interval '10 minutes', ${YEAR}
         FROM generate_series(${REVERSAL_EVERY}::bigint, ${D}, ${REVERSAL_EVERY}) d`,
    ),
  ]);
  const half = Math.ceil(secondary.length / 2);
  await Promise.all([
    step(
      a,
      `indexes, first ${half}`,
      secondary
        .slice(0, half)
        .map((index) => `${index.definition};`)
        .join('\n'),
    ),
    step(
      b,
      `indexes, other ${secondary.length - half}`,
      secondary
        .slice(half)
        .map((index) => `${index.definition};`)
        .join('\n'),
    ),
  ]);
  await step(
    a,
    'tranche balances',
    `UPDATE voucher_tranches t SET used = u.used, balance = t.amount - u.used
       FROM (SELECT tranche_id, sum(amount - reversed) AS used FROM deduction_allocations
              GROUP BY tranche_id) u
      WHERE t.id = u.tranche_id`,
  );
  await step(a, 'analyze', 'VACUUM ANALYZE');
}

async function main() {
  const machine = machineInfo(SERVER_URL);
  console.log(describeMachine(machine));
  const s = scale(VOUCHERS, TRANSFERS);
  let url: string;
  let loadTimings: Record<string, number> = {};
  const reuse = typeof args.database === 'string' ? args.database : null;
  if (reuse) {
    const u = new URL(SERVER_URL);
    u.pathname = `/${reuse}`;
    url = u.toString();
    console.log(`reusing database ${reuse} (no load, kept)`);
  } else {
    const fresh = await createFreshDatabase('yq_redemption', { keep: args.keep });
    url = fresh.url;
    console.log(
      `database ${fresh.name}: ${s.vouchers} vouchers, ${s.deductions} deductions, ` +
        `${s.reversals} reversals, ${s.transfers} ledger transfers`,
    );
  }
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  onCleanup(() => database.close());
  // The year has ended: a final build, as the operator would make it in January.
  const clock = new ManualClock(`${YEAR + 1}-01-10T02:00:00Z`);
  const policies = new PoliciesService(database, clock);
  // A kept database gets this tree's newer migrations (an index built on the loaded year).
  await database.migrate();
  if (!reuse) {
    await policies.ensureDefault();
    const t0 = performance.now();
    loadTimings = await load(url, s);
    loadTimings.total = round((performance.now() - t0) / 1000, 1);
    console.log(`loaded in ${loadTimings.total} s`);
    if (args.plant) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const line of await plantRows(client, s.vouchers)) console.log(`  planted: ${line}`);
      } finally {
        await client.end();
      }
    }
  }
  const [counts] = await database.raw.query<{ vouchers: string; transfers: string }>(
    `SELECT (SELECT count(*) FROM vouchers) AS vouchers,
            (SELECT count(*) FROM ledger_transfers) AS transfers`,
  );
  const loaded = { vouchers: Number(counts?.vouchers), transfers: Number(counts?.transfers) };
  if (args.verify) {
    const t0 = performance.now();
    const report = await verifyLedger(database.raw);
    console.log(
      `ledger verify: ${report.ok ? 'ok' : 'FAILED'} (${report.transfers} transfers, ` +
        `${report.tranches} tranches) in ${round((performance.now() - t0) / 1000, 1)} s`,
    );
    for (const v of report.violations.slice(0, 10))
      console.log(`  ${v.check} ${v.subject}: ${v.detail}`);
    if (!report.ok) process.exitCode = 1;
  }

  if (args['load-only']) return;
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-redemption-files-'));
  onCleanup(() => fs.rmSync(filesDir, { recursive: true, force: true }));
  const files = new FilesService(database, clock, {
    files: { kind: 'local', dir: filesDir },
  } as Config);
  // A failed build says why.
  const log = { error: (object: object, message: string) => console.error(message, object) };
  // The build's steps, timed from its start (this tree's builds say them; an older tree's not).
  const steps: Array<{ step: string; seconds: number }> = [];
  let stepsFrom = 0;
  const onStep = (_buildId: string, step: string) => {
    steps.push({ step, seconds: round((performance.now() - stepsFrom) / 1000, 1) });
  };
  const trees: Array<{ label: string; packages: RedemptionPackageService }> = [
    {
      label: 'this tree',
      packages: new RedemptionPackageService({ database, clock, policies, files, log, onStep }),
    },
  ];
  const otherTree = args['compare-with'] ?? args.baseline;
  const other = typeof otherTree === 'string' ? path.resolve(otherTree) : null;
  if (other) {
    // The other tree's own services on the same database and file store.
    const from = (file: string) => import(path.join(other, 'server/src/modules', file));
    const { RedemptionPackageService: Theirs } = await from('redemption/package.service.ts');
    const { PoliciesService: TheirPolicies } = await from('policies/policies.service.ts');
    const { FilesService: TheirFiles } = await from('files/files.service.ts');
    trees.push({
      label: other,
      packages: new Theirs({
        database,
        clock,
        policies: new TheirPolicies(database, clock),
        files: new TheirFiles(database, clock, { files: { kind: 'local', dir: filesDir } }),
        log,
      }),
    });
  }
  const lastBuilds = new Map<string, { id: string; sha256: string }>();

  const runs = [];
  for (let round_ = 1; round_ <= RUNS * trees.length; round_++) {
    const run = Math.ceil(round_ / trees.length);
    // Alternating which tree goes first, run by run.
    const tree = trees[(round_ - 1 + (run - 1)) % trees.length] as (typeof trees)[number];
    const packages = tree.packages;
    if (global.gc) global.gc();
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    let lastBreakdownRss = 0;
    let atPeak: Record<string, number> = {};
    const sampler = setInterval(() => {
      const rss = process.memoryUsage.rss();
      if (rss > peakRss) {
        peakRss = rss;
        // What the peak is made of, sampled now and then (memoryUsage() walks the heap).
        if (rss > lastBreakdownRss * 1.02) {
          lastBreakdownRss = rss;
          const m = process.memoryUsage();
          atPeak = {
            heapUsedMiB: round(m.heapUsed / 2 ** 20, 0),
            heapTotalMiB: round(m.heapTotal / 2 ** 20, 0),
            externalMiB: round(m.external / 2 ** 20, 0),
            arrayBuffersMiB: round(m.arrayBuffers / 2 ** 20, 0),
          };
        }
      }
    }, 20);
    const marks: Array<{ progress: number; seconds: number }> = [];
    const cpu0 = cpuSnapshot();
    const t0 = performance.now();
    steps.length = 0;
    stepsFrom = t0;
    const started = await packages.start(YEAR, 'final', { userId: USER_ID });
    let lastProgress = -1;
    let linesSeconds = 0;
    const watcher = setInterval(() => {
      void packages.get(started.id).then((b) => {
        if (!b || b.progress === lastProgress) return;
        lastProgress = b.progress;
        const seconds = round((performance.now() - t0) / 1000, 1);
        marks.push({ progress: b.progress, seconds });
        if (b.progress >= 50 && linesSeconds === 0) linesSeconds = seconds;
        process.stdout.write(`\r  build ${b.progress}% at ${seconds} s   `);
      });
    }, 1000);
    const build = await packages.waitFor(started.id);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(watcher);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const cpu = cpuUse(cpu0, cpuSnapshot());
    process.stdout.write('\n');
    if (build.status !== 'done') throw new Error(`build ${build.status}: ${build.errorCode}`);
    lastBuilds.set(tree.label, { id: build.id, sha256: build.workbook?.sha256 ?? '' });
    const [sizes] = await database.raw.query<{ workbook: string; pdf: string }>(
      `SELECT (SELECT size FROM files WHERE id = $1) AS workbook,
              (SELECT size FROM files WHERE id = $2) AS pdf`,
      [build.workbook?.fileId, build.pdf?.fileId],
    );
    const rows = (build.voucherCount ?? 0) * 2 + (build.transferCount ?? 0);
    const result = {
      run,
      tree: tree.label,
      vouchers: build.voucherCount,
      transfers: loaded.transfers,
      detailRows: build.transferCount,
      exceptions: build.exceptionCount,
      netWriteOffFen: build.netWriteOff,
      seconds: round(seconds, 1),
      linesPhaseSeconds: linesSeconds,
      peakRssMiB: round(peakRss / 2 ** 20, 0),
      atPeak,
      maxRssMiB: round(process.resourceUsage().maxRSS / 1024, 0),
      workbookMiB: round(Number(sizes?.workbook ?? 0) / 2 ** 20, 1),
      pdfKiB: round(Number(sizes?.pdf ?? 0) / 1024, 0),
      rowsPerSecond: Math.round(rows / seconds),
      cpu,
    };
    console.log(
      `run ${run} (${tree.label}): ${result.vouchers} vouchers, ${result.transfers} ledger transfers ` +
        `(${result.detailRows} detail rows): ${result.seconds} s (lines ${linesSeconds} s), ` +
        `peak RSS ${result.peakRssMiB} MiB (maxrss ${result.maxRssMiB} MiB; near it ` +
        `${Object.entries(atPeak)
          .map(([k, v]) => `${k.replace('MiB', '')} ${v}`)
          .join(', ')} MiB), workbook ` +
        `${result.workbookMiB} MiB, PDF ${result.pdfKiB} KiB, ${result.rowsPerSecond} rows/s`,
    );
    console.log(`  ${describeCpu(cpu).replace('load generator', 'bench (build)')}`);
    if (steps.length > 0) {
      console.log(`  steps: ${steps.map((s) => `${s.step} ${s.seconds} s`).join('; ')}`);
    }
    runs.push({ ...result, marks, steps: [...steps] });
  }
  const comparison = args['compare-with']
    ? await compare(database.raw, filesDir, trees, lastBuilds)
    : null;
  const { json } = writeResults('redemption', {
    comparison,
    command: commandLine(),
    machine,
    scale: s,
    loaded,
    loadSeconds: loadTimings,
    runs,
    tables: [
      {
        title: 'Redemption package build',
        columns: [
          'run',
          'vouchers',
          'ledger transfers',
          'detail rows',
          's',
          'lines s',
          'peak RSS MiB',
          'workbook MiB',
          'rows/s',
        ],
        rows: runs.map((r) => [
          r.run,
          r.vouchers ?? 0,
          r.transfers,
          r.detailRows ?? 0,
          r.seconds,
          r.linesPhaseSeconds,
          r.peakRssMiB,
          r.workbookMiB,
          r.rowsPerSecond,
        ]),
      },
    ],
  });
  console.log(`results: ${json}`);
}

/** The last build of each tree compared: workbook cell by cell, lines, totals, counts. */
async function compare(
  sql: import('../server/src/db/client.js').RawSql,
  filesDir: string,
  trees: Array<{ label: string }>,
  builds: Map<string, { id: string; sha256: string }>,
) {
  const [mine, theirs] = trees.map((tree) => builds.get(tree.label));
  if (!mine || !theirs) throw new Error('a tree has no build to compare');
  const fileOf = (sha256: string) => path.join(filesDir, sha256.slice(0, 2), sha256);
  const t0 = performance.now();
  const workbook = await compareWorkbooks(fileOf(mine.sha256), fileOf(theirs.sha256));
  const columns = `line_no, voucher_id, enterprise_id, credit_code, enterprise_name, star,
    list_year, granted, deducted, reversed, net_write_off, voided, balance_at_year_end,
    exception_codes, warning_codes`;
  const [lines] = await sql.query<{ only_mine: string; only_theirs: string; lines: string }>(
    `SELECT (SELECT count(*) FROM (SELECT ${columns} FROM redemption_lines WHERE build_id = $1
              EXCEPT ALL SELECT ${columns} FROM redemption_lines WHERE build_id = $2) x) AS only_mine,
            (SELECT count(*) FROM (SELECT ${columns} FROM redemption_lines WHERE build_id = $2
              EXCEPT ALL SELECT ${columns} FROM redemption_lines WHERE build_id = $1) x) AS only_theirs,
            (SELECT count(*) FROM redemption_lines WHERE build_id = $1) AS lines`,
    [mine.id, theirs.id],
  );
  const [figures] = await sql.query<{ differing: string[] }>(
    `SELECT array_remove(ARRAY[
       CASE WHEN a.totals IS DISTINCT FROM b.totals THEN 'totals' END,
       CASE WHEN a.net_write_off IS DISTINCT FROM b.net_write_off THEN 'net_write_off' END,
       CASE WHEN a.voucher_count IS DISTINCT FROM b.voucher_count THEN 'voucher_count' END,
       CASE WHEN a.transfer_count IS DISTINCT FROM b.transfer_count THEN 'transfer_count' END,
       CASE WHEN a.exception_count IS DISTINCT FROM b.exception_count THEN 'exception_count' END,
       CASE WHEN a.pdf_sha256 IS DISTINCT FROM b.pdf_sha256 THEN 'pdf' END], NULL) AS differing
       FROM redemption_builds a, redemption_builds b WHERE a.id = $1 AND b.id = $2`,
    [mine.id, theirs.id],
  );
  const [counts] = await sql.query<{ exceptions: string; warnings: string }>(
    `SELECT sum(cardinality(exception_codes)) AS exceptions,
            sum(cardinality(warning_codes)) AS warnings
       FROM redemption_lines WHERE build_id = $1`,
    [mine.id],
  );
  const result = {
    sheets: workbook.sheets,
    rows: workbook.rows,
    cells: workbook.cells,
    cellDifferences: workbook.differences,
    firstDifferences: workbook.first,
    lines: Number(lines?.lines),
    linesOnlyMine: Number(lines?.only_mine),
    linesOnlyTheirs: Number(lines?.only_theirs),
    lineExceptionCodes: Number(counts?.exceptions ?? 0),
    lineWarningCodes: Number(counts?.warnings ?? 0),
    buildFiguresDiffering: figures?.differing ?? [],
    seconds: round((performance.now() - t0) / 1000, 1),
  };
  console.log(
    `compared: ${result.sheets} sheets, ${result.rows} rows, ${result.cells} cells: ` +
      `${result.cellDifferences} differences; lines ${result.lines} ` +
      `(${result.linesOnlyMine} / ${result.linesOnlyTheirs} differ), exception codes ` +
      `${result.lineExceptionCodes}, warning codes ${result.lineWarningCodes}; build figures ` +
      `differing: ${result.buildFiguresDiffering.join(', ') || 'none'} (${result.seconds} s)`,
  );
  for (const d of result.firstDifferences.slice(0, 10)) {
    console.log(`  ${d.where}\n    this:  ${d.mine}\n    other: ${d.theirs}`);
  }
  return result;
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => runCleanups());
