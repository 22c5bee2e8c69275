/**
 * The backup archive's format, shared by writing and restoring: a tar.gz holding
 *
 *   manifest.json      format, app version, source engine, applied migrations, per-table row
 *                      counts and SHA-256, sequence positions, and every uploaded file's hash
 *   db/<table>.jsonl   one `row_to_json` per line, every table of the public schema
 *   files/...          the uploaded-files folder (local storage only)
 *
 * Here: the manifest's schema, where a table's rows live in the archive, how a table file is
 * read back in INSERT-sized batches, and the error every refusal or failed check raises.
 */
import { createReadStream } from 'node:fs';
import readline from 'node:readline';
import { z } from 'zod';

export const BACKUP_FORMAT = 'yunquan-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Rows per cursor fetch when dumping, and at most per INSERT when restoring. */
export const ROWS_PER_BATCH = 1_000;
/** An INSERT batch also closes at this many characters of JSON, whatever its row count. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

/** The manifest as written, and as checked on restore before anything is trusted. */
export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.string(),
  appVersion: z.string(),
  engine: z.enum(['pglite', 'postgres']),
  migrations: z.array(z.object({ hash: z.string(), createdAt: z.number() })),
  tables: z.array(
    z.object({ name: z.string(), file: z.string(), rows: z.number().int(), sha256: z.string() }),
  ),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
  fileStorage: z.enum(['local', 's3']),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** A refusal or a failed check, with a message meant for the operator. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** Where a table's rows live inside the archive. */
export function tableFile(table: string): string {
  return `db/${encodeURIComponent(table)}.jsonl`;
}

/** Reads a table file in INSERT-sized batches of raw JSON lines. */
export async function* lineBatches(file: string): AsyncGenerator<string[]> {
  const lines = readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let batch: string[] = [];
  let chars = 0;
  for await (const line of lines) {
    if (line === '') continue;
    batch.push(line);
    chars += line.length;
    if (batch.length >= ROWS_PER_BATCH || chars >= MAX_BATCH_CHARS) {
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

export async function countLines(file: string): Promise<number> {
  let rows = 0;
  for await (const batch of lineBatches(file)) rows += batch.length;
  return rows;
}
