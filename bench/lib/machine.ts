/**
 * The machine a benchmark ran on, printed with every figure: CPU model and cores, memory,
 * Node and PostgreSQL versions, and the load average when the run started (other work on a
 * shared 2-core machine moves every figure).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string | null;
  pgbench: string | null;
  loadAverage: [number, number, number];
  at: string;
}

function commandVersion(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** `serverUrl` is a PostgreSQL URL to ask for its version (omit for embedded-only runs). */
export function machineInfo(serverUrl?: string): MachineInfo {
  const cpus = os.cpus();
  const postgres = serverUrl
    ? commandVersion('psql', [serverUrl, '-XAtc', 'SHOW server_version'])
    : null;
  const load = os.loadavg();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: postgres ? `PostgreSQL ${postgres}` : null,
    pgbench: commandVersion('pgbench', ['--version']),
    loadAverage: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0].map(
      (v) => Math.round(v * 100) / 100,
    ) as [number, number, number],
    at: new Date().toISOString(),
  };
}

export function describeMachine(m: MachineInfo): string {
  return [
    `machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `         node ${m.node}${m.postgres ? `, ${m.postgres}` : ''}${m.pgbench ? `, ${m.pgbench}` : ''}`,
    `         load average at start ${m.loadAverage.join(' / ')} (1/5/15 min); ${m.at}`,
  ].join('\n');
}
