/**
 * Results tables: bench/results/<name>.json (everything measured) and <name>.md (the tables
 * as printed). bench/results/ is git-ignored; docs/benchmarks.md holds the reported figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export function markdownTable(table: Table): string {
  const line = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`;
  return [
    `### ${table.title}`,
    '',
    line(table.columns),
    line(table.columns.map(() => '---')),
    ...table.rows.map(line),
    '',
  ].join('\n');
}

export function writeResults(
  name: string,
  data: { command: string; machine: unknown; tables: Table[]; notes?: string[] } & Record<
    string,
    unknown
  >,
): { json: string; markdown: string } {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const json = path.join(RESULTS_DIR, `${name}.json`);
  const markdown = path.join(RESULTS_DIR, `${name}.md`);
  fs.writeFileSync(json, `${JSON.stringify(data, null, 2)}\n`);
  const md = [
    `# ${name}`,
    '',
    `Command: \`${data.command}\``,
    '',
    '```',
    JSON.stringify(data.machine, null, 2),
    '```',
    '',
    ...data.tables.map(markdownTable),
    ...(data.notes?.length ? ['Notes:', '', ...data.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
  fs.writeFileSync(markdown, md);
  return { json, markdown };
}
