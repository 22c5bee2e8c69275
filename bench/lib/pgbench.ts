/**
 * Runs pgbench with a custom script (written to a temp folder) against one database and
 * returns its "tps = …" figure, plus latency percentiles from its per-transaction log.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type LatencySummary, summarise } from './stats.js';

export interface PgbenchOptions {
  /** postgres:// URL of the database to run in (127.0.0.1 only). */
  url: string;
  script: string;
  clients: number;
  threads?: number;
  durationS: number;
  /** -D name=value variables for the script. */
  defines?: Record<string, string | number>;
  /** Protocol: prepared statements by default, as a tuned client would use. */
  protocol?: 'simple' | 'extended' | 'prepared';
}

export interface PgbenchResult {
  clients: number;
  threads: number;
  protocol: string;
  tps: number;
  transactions: number;
  failed: number;
  latency: LatencySummary;
  command: string;
}

export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-pgbench-'));
  try {
    const scriptFile = path.join(dir, 'script.sql');
    fs.writeFileSync(scriptFile, options.script);
    const threads = options.threads ?? Math.min(options.clients, Math.max(1, os.cpus().length));
    const protocol = options.protocol ?? 'prepared';
    const args = [
      '--no-vacuum',
      `--protocol=${protocol}`,
      `--client=${options.clients}`,
      `--jobs=${threads}`,
      `--time=${options.durationS}`,
      `--file=${scriptFile}`,
      '--log',
      `--log-prefix=${path.join(dir, 'log')}`,
      ...Object.entries(options.defines ?? {}).map(([k, v]) => `--define=${k}=${v}`),
      options.url,
    ];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk) => {
        text += String(chunk);
      });
      child.stderr.on('data', (chunk) => {
        text += String(chunk);
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`)),
      );
    });
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output);
    if (!tps?.[1]) throw new Error(`no tps in pgbench output:\n${output}`);
    const processed = /number of transactions actually processed: (\d+)/.exec(output);
    const failed = /number of failed transactions: (\d+)/.exec(output);
    return {
      clients: options.clients,
      threads,
      protocol,
      tps: Number(tps[1]),
      transactions: Number(processed?.[1] ?? 0),
      failed: Number(failed?.[1] ?? 0),
      latency: summarise(readLogLatencies(dir)),
      command: `pgbench ${args
        .map((a) => (a.startsWith('--file=') ? '--file=<script>' : a))
        .map((a) => (a.startsWith('--log-prefix=') ? '--log-prefix=<tmp>/log' : a))
        .join(' ')}`,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench -l lines: client_id transaction_no time(µs) script_no epoch epoch_µs. */
function readLogLatencies(dir: string): number[] {
  const latencies: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith('log')) continue;
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      const micros = Number(line.split(' ')[2]);
      if (Number.isFinite(micros) && line.length > 0) latencies.push(micros / 1000);
    }
  }
  return latencies;
}
