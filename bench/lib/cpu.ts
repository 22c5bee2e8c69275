/**
 * Where the CPU went during a phase, from /proc (Linux): the server process, all PostgreSQL
 * processes (live backends plus what the postmaster has reaped from exited ones), this
 * process (the load generator), its waited-for children (pgbench), and the rest of the
 * machine (other work on a shared box). On a 2-core machine this says which of them is the
 * bottleneck: a process near 1.0 core is saturated, since Node runs JavaScript on one.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { round } from './stats.js';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
} catch {
  // Linux's usual value.
}

interface ProcTimes {
  comm: string;
  self: number;
  children: number;
}

function procTimes(pid: number | 'self'): ProcTimes | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const comm = text.slice(text.indexOf('(') + 1, close);
    // Fields after the comm: state(3) … utime(14) stime(15) cutime(16) cstime(17).
    const rest = text
      .slice(close + 2)
      .split(' ')
      .map(Number);
    const at = (field: number) => rest[field - 3] ?? 0;
    return {
      comm,
      self: (at(14) + at(15)) / ticksPerSecond,
      children: (at(16) + at(17)) / ticksPerSecond,
    };
  } catch {
    return null;
  }
}

function postgresSeconds(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const times = procTimes(Number(entry));
    if (times?.comm === 'postgres') total += times.self + times.children;
  }
  return total;
}

function machineSeconds(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / ticksPerSecond, total: (busy + idle + iowait) / ticksPerSecond };
}

export interface CpuSnapshot {
  at: number;
  server: number;
  postgres: number;
  loadGenerator: number;
  children: number;
  machineBusy: number;
  machineTotal: number;
}

export function cpuSnapshot(serverPid?: number): CpuSnapshot {
  const self = procTimes('self');
  const server = serverPid ? procTimes(serverPid) : null;
  const machine = machineSeconds();
  return {
    at: performance.now(),
    server: server?.self ?? 0,
    postgres: postgresSeconds(),
    loadGenerator: self?.self ?? 0,
    children: self?.children ?? 0,
    machineBusy: machine.busy,
    machineTotal: machine.total,
  };
}

/** Cores used on average over the phase, per component (1.0 = one core fully busy). */
export interface CpuUse {
  wallSeconds: number;
  server: number;
  postgres: number;
  loadGenerator: number;
  pgbench: number;
  other: number;
  idle: number;
}

export function cpuUse(from: CpuSnapshot, to: CpuSnapshot): CpuUse {
  const wall = (to.at - from.at) / 1000;
  const per = (seconds: number) => round(seconds / wall, 2);
  const server = to.server - from.server;
  const postgres = to.postgres - from.postgres;
  const loadGenerator = to.loadGenerator - from.loadGenerator;
  const pgbench = to.children - from.children;
  const busy = to.machineBusy - from.machineBusy;
  const total = to.machineTotal - from.machineTotal;
  const cores = total / wall;
  return {
    wallSeconds: round(wall, 1),
    server: per(server),
    postgres: per(postgres),
    loadGenerator: per(loadGenerator),
    pgbench: per(pgbench),
    other: per(Math.max(0, busy - server - postgres - loadGenerator - pgbench)),
    idle: round(Math.max(0, cores - busy / wall), 2),
  };
}

export function describeCpu(use: CpuUse): string {
  return (
    `cores used: server ${use.server}, postgres ${use.postgres}, load generator ${use.loadGenerator}` +
    `${use.pgbench ? `, pgbench ${use.pgbench}` : ''}, other ${use.other}, idle ${use.idle}`
  );
}
