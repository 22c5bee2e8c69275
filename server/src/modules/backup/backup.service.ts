/**
 * Backup and restore as a logical, engine-independent archive (tar.gz):
 *
 *   manifest.json      format, app version, source engine, applied migrations, per-table row
 *                      counts and SHA-256, sequence positions, and every uploaded file's hash
 *   db/<table>.jsonl   one `row_to_json` per line, every table of the public schema
 *   files/...          the uploaded-files folder (local storage only)
 *
 * Rows travel as PostgreSQL's own JSON text and go back through `json_populate_recordset`,
 * never through JavaScript values, so bigints, numerics and timestamps keep every digit, and an
 * archive made on PGlite restores into PostgreSQL and back: it is also the migration path from
 * the embedded database to a server.
 *
 * Consistency: every table is read inside one REPEATABLE READ READ ONLY transaction, so the
 * database part is a single snapshot even while a PostgreSQL server keeps serving. Uploaded
 * files are written once under their SHA-256 and never modified or deleted, so copying the folder
 * after the snapshot yields every file a snapshot row can refer to (plus perhaps a few newer,
 * unreferenced ones). On PGlite the data-folder lock means the server must be stopped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as tar from 'tar';
import { z } from 'zod';
import { type Database, MIGRATIONS_DIR, openDatabase, type RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { APP_VERSION } from '../../version.js';

export const BACKUP_FORMAT = 'yunquan-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Rows per cursor fetch when dumping, and at most per INSERT when restoring. */
const ROWS_PER_BATCH = 1_000;
/** An INSERT batch also closes at this many characters of JSON, whatever its row count. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

const manifestSchema = z.object({
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

/** Where a restore goes: a PGlite folder, or an empty PostgreSQL database. */
export type RestoreTarget =
  | { kind: 'pglite'; dataDir: string; filesDir: string | null }
  | { kind: 'postgres'; databaseUrl: string; dataDir: string; filesDir: string | null };

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function qualified(table: string): string {
  return `public.${quoteIdent(table)}`;
}

function tableFile(table: string): string {
  return `db/${encodeURIComponent(table)}.jsonl`;
}

async function exists(target: string): Promise<boolean> {
  return fs.stat(target).then(
    () => true,
    () => false,
  );
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

async function sha256OfFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Every regular file under `dir`, as sorted POSIX paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .map((relative) => relative.split(path.sep).join('/'))
    .sort();
}

/** Tables of the public schema; partitions are reached through their parent. */
async function listTables(sql: RawSql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

async function listSequences(sql: RawSql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

async function primaryKeyColumns(sql: RawSql, table: string): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [qualified(table)],
  );
  return rows.map((row) => row.name);
}

/** Columns a restore writes: generated columns are recomputed by the database instead. */
async function insertableColumns(sql: RawSql, table: string): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [qualified(table)],
  );
  return rows.map((row) => row.name);
}

/**
 * Tables ordered so that every table comes after the tables its foreign keys point to,
 * read from the catalog so a new module's tables need no change here. A table referring to
 * itself is fine (its rows go in primary-key order); a cycle between tables is refused.
 */
async function insertOrder(sql: RawSql, tables: string[]): Promise<string[]> {
  const edges = await sql.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint con
       JOIN pg_class child ON child.oid = con.conrelid
       JOIN pg_class parent ON parent.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = child.relnamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  const known = new Set(tables);
  const parents = new Map<string, Set<string>>(tables.map((table) => [table, new Set()]));
  for (const { child, parent } of edges) {
    if (child !== parent && known.has(child) && known.has(parent)) {
      parents.get(child)?.add(parent);
    }
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter(
      (table) => !placed.has(table) && [...(parents.get(table) ?? [])].every((p) => placed.has(p)),
    );
    if (ready.length === 0) {
      const rest = tables.filter((table) => !placed.has(table));
      throw new BackupError(`Foreign keys form a cycle between tables: ${rest.join(', ')}`);
    }
    for (const table of ready) {
      ordered.push(table);
      placed.add(table);
    }
  }
  return ordered;
}

async function appliedMigrations(sql: RawSql): Promise<BackupManifest['migrations'] | null> {
  const [exists] = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return null;
  const rows = await sql.query<{ hash: string; created_at: string | number | bigint }>(
    'SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id',
  );
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}

function describeMigrationDifference(
  archive: BackupManifest['migrations'],
  here: BackupManifest['migrations'],
): string | null {
  const length = Math.max(archive.length, here.length);
  for (let i = 0; i < length; i++) {
    if (archive[i]?.hash !== here[i]?.hash) {
      return (
        `the archive has ${archive.length} migration(s), this installation ${here.length}; ` +
        `they first differ at migration #${i + 1}`
      );
    }
  }
  return null;
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

/** Reads a table file in INSERT-sized batches of raw JSON lines. */
async function* lineBatches(file: string): AsyncGenerator<string[]> {
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

async function countLines(file: string): Promise<number> {
  let rows = 0;
  for await (const batch of lineBatches(file)) rows += batch.length;
  return rows;
}

/** Moves a folder into place; across file systems, copies it. */
async function moveFolder(from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  await fs.rm(to, { recursive: true, force: true });
  try {
    await fs.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await fs.cp(from, to, { recursive: true });
  }
}

/** A target may be new or already migrated, but must hold no rows. */
async function assertDatabaseEmpty(sql: RawSql): Promise<void> {
  for (const table of await listTables(sql)) {
    const [row] = await sql.query<{ has_rows: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${qualified(table)}) AS has_rows`,
    );
    if (row?.has_rows) {
      throw new BackupError(
        `The target database is not empty (table ${table} has rows). ` +
          'Restore needs an empty database.',
      );
    }
  }
}

export class BackupService {
  constructor(private readonly deps: { clock: Clock }) {}

  /** Writes the archive to `out` (via a temporary name, so a failed run leaves no archive). */
  async create(
    source: Database,
    options: { out: string; files: { kind: 'local'; dir: string } | { kind: 's3' } },
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
          if (state)
            sequences.push({ name, lastValue: state.last_value, isCalled: state.is_called });
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
        createdAt: this.deps.clock.now().toISOString(),
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

  /**
   * Restores an archive into an empty target. Everything that can be checked without the
   * target is checked first (format, migrations, table and file hashes); the rows then go in
   * within one transaction, and the files are moved into place before it commits, so a failed
   * restore leaves the target as empty as it was.
   */
  async restore(options: { from: string; target: RestoreTarget }): Promise<BackupManifest> {
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
      const manifest = await this.unpack(path.resolve(options.from), staging);
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
          await this.loadTable(sql, name, path.join(staging, entry.file), entry.rows);
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
  private async unpack(archive: string, staging: string): Promise<BackupManifest> {
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

  private async loadTable(sql: RawSql, table: string, file: string, expected: number) {
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

async function resetFolder(dir: string, existed: boolean): Promise<void> {
  if (!existed) {
    await fs.rm(dir, { recursive: true, force: true });
    return;
  }
  for (const entry of await fs.readdir(dir).catch(() => [])) {
    await fs.rm(path.join(dir, entry), { recursive: true, force: true });
  }
}
