/**
 * Writing an archive. Every table is read inside one REPEATABLE READ READ ONLY transaction, so
 * the database part is a single snapshot even while a PostgreSQL server keeps serving; rows
 * leave as PostgreSQL's own JSON text (`row_to_json`), in primary-key order with fixed output
 * settings, so the same data always dumps to the same bytes. Uploaded files are written once
 * under their SHA-256 and never modified or deleted, so copying the folder after the snapshot
 * yields every file a snapshot row can refer to (plus perhaps a few newer, unreferenced ones).
 * The archive appears under its name only once complete.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as tar from 'tar';
import type { Database, RawSql } from '../../db/client.js';
import { APP_VERSION } from '../../version.js';
import {
  appliedMigrations,
  listSequences,
  listTables,
  primaryKeyColumns,
  qualified,
  quoteIdent,
} from './backup.catalog.js';
import { listFiles, sha256OfFile } from './backup.files.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  type BackupManifest,
  ROWS_PER_BATCH,
  tableFile,
} from './backup.format.js';

/** Where the uploaded files are: a local folder is packed with the rows; S3 is not. */
export type FilesSource = { kind: 'local'; dir: string } | { kind: 's3' };

/** Writes the archive to `out` (via a temporary name, so a failed run leaves no archive). */
export async function writeArchive(
  source: Database,
  options: { out: string; files: FilesSource; createdAt: Date },
): Promise<BackupManifest> {
  const out = path.resolve(options.out);
  await fs.mkdir(path.dirname(out), { recursive: true });
  // Staged beside the archive: the same disk that must hold the result anyway.
  const staging = await fs.mkdtemp(path.join(path.dirname(out), '.yunquan-backup-'));
  const partial = `${out}.partial`;
  try {
    await fs.mkdir(path.join(staging, 'db'));
    const snapshot = await source.raw.transaction(async (sql) => {
      await sql.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      // Fixed output settings: the same data always dumps to the same bytes.
      await sql.query(`SET LOCAL TIME ZONE 'UTC'`);
      await sql.query(`SET LOCAL intervalstyle = 'postgres'`);
      const migrations = await appliedMigrations(sql);
      if (!migrations || migrations.length === 0) {
        throw new BackupError('The database has never been set up (no migrations applied).');
      }
      const tables: BackupManifest['tables'] = [];
      for (const name of await listTables(sql)) {
        const file = tableFile(name);
        tables.push({ name, file, ...(await dumpTable(sql, name, path.join(staging, file))) });
      }
      const sequences: BackupManifest['sequences'] = [];
      for (const name of await listSequences(sql)) {
        // Sequences are not transactional: this may be ahead of the snapshot, which only
        // leaves a gap in numbering, never a reused number.
        const [state] = await sql.query<{ last_value: string; is_called: boolean }>(
          `SELECT last_value::text AS last_value, is_called FROM ${qualified(name)}`,
        );
        if (state) sequences.push({ name, lastValue: state.last_value, isCalled: state.is_called });
      }
      return { migrations, tables, sequences };
    });

    const files: BackupManifest['files'] = [];
    if (options.files.kind === 'local') {
      for (const relative of await listFiles(options.files.dir)) {
        files.push({
          path: relative,
          ...(await sha256OfFile(path.join(options.files.dir, relative))),
        });
      }
      // Packed through a link so the files are read once, straight from where they live.
      if (files.length > 0) await fs.symlink(options.files.dir, path.join(staging, 'files'));
    }

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: options.createdAt.toISOString(),
      appVersion: APP_VERSION,
      engine: source.kind,
      ...snapshot,
      fileStorage: options.files.kind,
      files,
    };
    await fs.writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true, follow: true }, [
      'manifest.json',
      ...snapshot.tables.map((table) => table.file),
      ...files.map((file) => `files/${file.path}`),
    ]);
    await fs.rename(partial, out);
    return manifest;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(partial, { force: true });
  }
}

/** Streams one table through a cursor into `file`; returns its row count and SHA-256. */
async function dumpTable(
  sql: RawSql,
  table: string,
  file: string,
): Promise<{ rows: number; sha256: string }> {
  const key = await primaryKeyColumns(sql, table);
  const order = key.length > 0 ? ` ORDER BY ${key.map(quoteIdent).join(', ')}` : '';
  await sql.query(
    `DECLARE yunquan_dump NO SCROLL CURSOR FOR
       SELECT row_to_json(t)::text AS line FROM ${qualified(table)} AS t${order}`,
  );
  const hash = createHash('sha256');
  const handle = await fs.open(file, 'wx');
  let rows = 0;
  try {
    for (;;) {
      const batch = await sql.query<{ line: string }>(`FETCH ${ROWS_PER_BATCH} FROM yunquan_dump`);
      if (batch.length === 0) break;
      const chunk = `${batch.map((row) => row.line).join('\n')}\n`;
      hash.update(chunk);
      await handle.write(chunk);
      rows += batch.length;
    }
  } finally {
    await handle.close();
  }
  await sql.query('CLOSE yunquan_dump');
  return { rows, sha256: hash.digest('hex') };
}
