/** Command-line flags shared by the benchmark scripts (`--name value` or `--name=value`). */
import { parseArgs } from 'node:util';

export function flags<
  T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>,
>(spec: T) {
  return parseArgs({ options: spec, allowPositionals: false, strict: true }).values;
}

export function intFlag(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function listFlag(value: unknown, fallback: number[]): number[] {
  if (typeof value !== 'string' || value.trim() === '') return fallback;
  return value
    .split(',')
    .map((v) => Number.parseInt(v, 10))
    .filter((v) => v > 0);
}

/** The command line that started this run, for the results table. */
export function commandLine(): string {
  const script = process.argv[1]?.replace(`${process.cwd()}/`, '') ?? '';
  return ['node --import tsx', script, ...process.argv.slice(2)].join(' ');
}
