/**
 * Restoring an archive into an empty target (a PGlite folder, or an empty PostgreSQL database;
 * from either engine into either). Everything that can be checked without the target is
 * checked first — format, migrations, table and file hashes — so a damaged or foreign archive
 * is refused before anything is written. Rows go back through `json_populate_recordset`, never
 * through JavaScript values, so bigints, numerics and timestamps keep every digit; they go in
 * within one transaction, in foreign-key order, and the files are moved into place before it
 * commits, so a failed restore leaves the target as empty as it was.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as tar from 'tar';
import { type Database, MIGRATIONS_DIR, openDatabase, type RawSql } from '../../db/client.js';
import {
  appliedMigrations,
  assertDatabaseEmpty,
  describeMigrationDifference,
  insertableColumns,
  insertOrder,
  listTables,
  qualified,
  quoteIdent,
} from './backup.catalog.js';
import {
  exists,
  isEmptyOrAbsent,
  listFiles,
  moveFolder,
  resetFolder,
  sha256OfFile,
} from './backup.files.js';
import {
  BackupError,
  type BackupManifest,
  countLines,
  lineBatches,
  manifestSchema,
  tableFile,
} from './backup.format.js';

/** Where a restore goes: a PGlite folder, or an empty PostgreSQL database. */
export type RestoreTarget =
  | { kind: 'pglite'; dataDir: string; filesDir: string | null }
  | { kind: 'postgres'; databaseUrl: string; dataDir: string; filesDir: string | null };

/** Restores the archive at `from` into `target`, which must be empty or absent. */
export async function restoreArchive(options: {
  from: string;
  target: RestoreTarget;
}): Promise<BackupManifest> {
  const { target } = options;
  if (target.kind === 'pglite' && !(await isEmptyOrAbsent(target.dataDir))) {
    throw new BackupError(
      `The data folder ${target.dataDir} is not empty. Restore needs an empty or absent folder.`,
    );
  }
  if (target.filesDir && !(await isEmptyOrAbsent(target.filesDir))) {
    throw new BackupError(
      `The files folder ${target.filesDir} is not empty. Restore needs an empty or absent folder.`,
    );
  }
  const existed = {
    dataDir: await exists(target.dataDir),
    filesDir: target.filesDir !== null && (await exists(target.filesDir)),
  };

  const parent = path.dirname(path.resolve(target.dataDir));
  await fs.mkdir(parent, { recursive: true });
  // Staged beside the target, so the files can be moved rather than copied into place.
  const staging = await fs.mkdtemp(path.join(parent, '.yunquan-restore-'));
  let database: Database | undefined;
  let committed = false;
  try {
    if (target.kind === 'postgres') {
      database = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 2 });
      await assertDatabaseEmpty(database.raw);
    }
    const manifest = await unpack(path.resolve(options.from), staging);
    if (manifest.files.length > 0 && !target.filesDir) {
      throw new BackupError(
        `The archive holds ${manifest.files.length} uploaded file(s) but FILE_STORAGE is s3: ` +
          'restore with local file storage.',
      );
    }

    database ??= await openDatabase({ dataDir: target.dataDir });
    const db = database;
    await db.migrate();

    await db.raw.transaction(async (sql) => {
      // Again inside the transaction: nothing may have been written since the first look
      // (a server started on the target), and migrations must not have added rows.
      await assertDatabaseEmpty(sql);
      const applied = (await appliedMigrations(sql)) ?? [];
      const difference = describeMigrationDifference(manifest.migrations, applied);
      if (difference) {
        throw new BackupError(
          `The target database's migrations do not match the archive (${difference}).`,
        );
      }
      const tables = await listTables(sql);
      const inArchive = new Map(manifest.tables.map((table) => [table.name, table]));
      const missing = tables.filter((table) => !inArchive.has(table));
      const unknown = manifest.tables.filter((table) => !tables.includes(table.name));
      if (missing.length > 0 || unknown.length > 0) {
        throw new BackupError(
          `The archive's tables do not match this schema (missing: ${missing.join(', ') || '-'}; ` +
            `unknown: ${unknown.map((table) => table.name).join(', ') || '-'}).`,
        );
      }
      for (const name of await insertOrder(sql, tables)) {
        const entry = inArchive.get(name)!;
        await loadTable(sql, name, path.join(staging, entry.file), entry.rows);
      }
      for (const sequence of manifest.sequences) {
        await sql.query('SELECT setval($1::regclass, $2::bigint, $3)', [
          qualified(sequence.name),
          sequence.lastValue,
          sequence.isCalled,
        ]);
      }
      if (target.filesDir && manifest.files.length > 0) {
        await moveFolder(path.join(staging, 'files'), target.filesDir);
      }
    });
    committed = true;
    return manifest;
  } finally {
    await database?.close();
    await fs.rm(staging, { recursive: true, force: true });
    if (!committed) await undoPartialRestore(target, existed);
  }
}

/** Extracts the archive and checks it against its manifest before anything is written. */
async function unpack(archive: string, staging: string): Promise<BackupManifest> {
  try {
    await tar.extract({
      file: archive,
      cwd: staging,
      strict: true,
      // Only what this format contains, and only plain files and folders: no links that
      // could point a later entry outside the staging folder.
      filter: (entryPath, entry) => {
        const type = 'type' in entry ? entry.type : null;
        return (
          (type === 'File' || type === 'Directory') &&
          /^(manifest\.json|db\/?|db\/[^/]+\.jsonl|files\/.*)$/.test(entryPath)
        );
      },
    });
  } catch (error) {
    throw new BackupError(
      `${archive} is not a readable backup archive: ${(error as Error).message}`,
    );
  }

  let manifest: BackupManifest;
  try {
    const text = await fs.readFile(path.join(staging, 'manifest.json'), 'utf8');
    manifest = manifestSchema.parse(JSON.parse(text));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'it has no manifest.json'
        : `its manifest is invalid (${(error as Error).message.split('\n')[0]})`;
    throw new BackupError(`${archive} is not a Yunquan backup: ${reason}.`);
  }

  const here = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((migration) => ({
    hash: migration.hash,
    createdAt: migration.folderMillis,
  }));
  const difference = describeMigrationDifference(manifest.migrations, here);
  if (difference) {
    throw new BackupError(
      `This backup was made by Yunquan ${manifest.appVersion} with a different database ` +
        `schema (${difference}). Restore it with the version that made the backup.`,
    );
  }

  for (const table of manifest.tables) {
    if (table.file !== tableFile(table.name)) {
      throw new BackupError(`The manifest names an unexpected file ${table.file}.`);
    }
    const file = path.join(staging, table.file);
    const actual = await sha256OfFile(file).catch(() => null);
    if (actual?.sha256 !== table.sha256) {
      throw new BackupError(
        `The archive is damaged: ${table.file} ${actual ? 'does not match its SHA-256' : 'is missing'}.`,
      );
    }
    const rows = await countLines(file);
    if (rows !== table.rows) {
      throw new BackupError(
        `The archive is damaged: ${table.file} holds ${rows} rows, the manifest says ${table.rows}.`,
      );
    }
  }

  const filesDir = path.join(staging, 'files');
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const extra of await listFiles(filesDir)) {
    if (!listed.has(extra)) {
      throw new BackupError(`The archive holds a file the manifest does not list: ${extra}.`);
    }
  }
  for (const file of manifest.files) {
    const actual = await sha256OfFile(path.join(filesDir, file.path)).catch(() => null);
    if (actual?.sha256 !== file.sha256 || actual.size !== file.size) {
      throw new BackupError(
        `The archive is damaged: files/${file.path} ${actual ? 'does not match its SHA-256' : 'is missing'}.`,
      );
    }
  }
  return manifest;
}

/** Inserts one table's rows in batches, then counts them against the manifest. */
async function loadTable(sql: RawSql, table: string, file: string, expected: number) {
  const columns = (await insertableColumns(sql, table)).map(quoteIdent).join(', ');
  const name = qualified(table);
  for await (const batch of lineBatches(file)) {
    await sql.query(
      `INSERT INTO ${name} (${columns}) OVERRIDING SYSTEM VALUE
       SELECT ${columns} FROM json_populate_recordset(NULL::${name}, $1::json)`,
      [`[${batch.join(',')}]`],
    );
  }
  const [counted] = await sql.query<{ rows: string | number | bigint }>(
    `SELECT count(*) AS rows FROM ${name}`,
  );
  if (Number(counted?.rows) !== expected) {
    throw new BackupError(
      `Restoring ${table} gave ${Number(counted?.rows)} rows instead of ${expected}.`,
    );
  }
}

/**
 * After a failed restore, takes the target back to how it was found: folders that were absent
 * are removed, folders that were empty are emptied (everything in them came from the restore).
 */
async function undoPartialRestore(
  target: RestoreTarget,
  existed: { dataDir: boolean; filesDir: boolean },
): Promise<void> {
  if (target.filesDir) await resetFolder(target.filesDir, existed.filesDir);
  if (target.kind === 'pglite') await resetFolder(target.dataDir, existed.dataDir);
}
