/**
 * bench/deductions.ts, reporting: the server's CPU profile by phase window, the targets
 * (with --baseline, the same ratios for the baseline, measured in the same run), the phase
 * tables, and bench/results/deductions.{json,md}.
 */
import fs from 'node:fs';
import path from 'node:path';
import { commandLine } from './args.js';
import type { Phase, Phases } from './deductions-phases.js';
import type { Settings } from './deductions-setup.js';
import type { MachineInfo } from './machine.js';
import { type ProfileSummary, summariseProfile } from './profile.js';
import { type Table, writeResults } from './results.js';
import { pct, ratio } from './stats.js';

export function profileSummaries(
  profileDir: string,
  windows: Phases['windows'],
  exitAt: number,
  log: (line: string) => void,
): Record<string, ProfileSummary> {
  const profiles: Record<string, ProfileSummary> = {};
  const file = fs.existsSync(profileDir)
    ? fs.readdirSync(profileDir).find((f) => f.endsWith('.0.001.cpuprofile'))
    : undefined;
  if (!file) return profiles;
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
  return profiles;
}

function targetsTable(settings: Settings, phases: Phases): { targets: Table; headline: string } {
  const { reference, api } = phases;
  const targets: Table = {
    title: 'Targets',
    columns: ['target', 'code', 'measured', 'reference', 'ratio / value', 'goal', 'met'],
    rows: [],
  };
  const bestRefBatch = [...reference.entries()]
    .filter(([k]) => k.startsWith('batch@'))
    .reduce((m, [, r]) => Math.max(m, r.tps * settings.batchSize), 0);
  let headline = '';
  for (const prefix of ['', 'baseline:']) {
    const code = prefix ? 'baseline' : 'current';
    const ref64 = reference.get('single@64');
    const api64 = api.get(`${prefix}single@64`);
    const api16 = api.get(`${prefix}single@16`);
    if (ref64 && api64) {
      const r = ratio(api64.unitsPerSecond, ref64.tps);
      if (!prefix)
        headline = `API@64 / pgbench@64 = ${pct(r)} (${Math.round(api64.unitsPerSecond)} / ${Math.round(ref64.tps)} deductions/s)`;
      targets.rows.push([
        'API at 64 clients vs pgbench at 64',
        code,
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
        code,
        `${api16.latency.p99Ms} ms`,
        `pgbench p99 ${reference.get('single@16')?.latency.p99Ms ?? '–'} ms`,
        `${api16.latency.p99Ms} ms`,
        '≤ 25 ms',
        api16.latency.p99Ms <= 25 ? 'met' : 'MISSED',
      ]);
    }
    const bestApiBatch = [...api.entries()]
      .filter(([k]) => k.startsWith(`${prefix}batch@`))
      .reduce((m, [, r]) => Math.max(m, r.unitsPerSecond), 0);
    if (bestRefBatch > 0 && bestApiBatch > 0) {
      const r = ratio(bestApiBatch, bestRefBatch);
      if (!headline && !prefix)
        headline = `batch API / set-based pgbench = ${pct(r)} (${Math.round(bestApiBatch)} / ${Math.round(bestRefBatch)} deductions/s)`;
      targets.rows.push([
        `batch API (${settings.batchSize}/call, best concurrency) vs set-based pgbench (best)`,
        code,
        `${Math.round(bestApiBatch)}/s`,
        `${Math.round(bestRefBatch)}/s`,
        pct(r),
        '≥ 50%',
        r >= 0.5 ? 'met' : 'MISSED',
      ]);
    }
  }
  return { targets, headline };
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

export function report(
  settings: Settings,
  machine: MachineInfo,
  phases: Phases,
  extra: Record<string, unknown>,
  log: (line: string) => void,
) {
  const { targets, headline } = targetsTable(settings, phases);
  const tables = [
    targets,
    phaseTable(
      'Phases',
      phases.phases.filter((p) => !phases.experiments.includes(p)),
    ),
    ...(phases.experiments.length ? [phaseTable('Experiments', phases.experiments)] : []),
  ];
  const files = writeResults('deductions', {
    command: commandLine(),
    machine,
    run: settings.run,
    settings: {
      enterprises: settings.enterprises,
      durationS: settings.durationMs / 1000,
      warmupS: settings.warmupMs / 1000,
      pool: settings.pool,
      batchSize: settings.batchSize,
      bill: settings.bill,
      baseline: settings.baseline ?? null,
    },
    headline,
    tables,
    pgbench: Object.fromEntries(phases.reference),
    api: Object.fromEntries(phases.api),
    phases: phases.phases,
    ...extra,
    notes: [
      'One machine: the load generator, the server and PostgreSQL share its cores (see the cores columns).',
      `pgbench command: ${phases.reference.get('single@64')?.command ?? phases.reference.values().next().value?.command ?? ''}`,
    ],
  });
  log('\nTargets:');
  for (const row of targets.rows) log(`  ${row.join('  |  ')}`);
  log(`\n==> ${headline || 'no API figure (--only none)'}`);
  log(`results: ${files.json}, ${files.markdown}`);
}
