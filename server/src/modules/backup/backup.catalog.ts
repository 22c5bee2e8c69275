/**
 * What backup and restore read from PostgreSQL's catalog, so that a new module's tables,
 * sequences and foreign keys need no change here: the tables and sequences of the public
 * schema, a table's key and writable columns, the order tables must be filled in for their
 * foreign keys to hold, and the migrations applied (an archive restores only into the schema
 * version that made it). Works the same on PGlite and on a PostgreSQL server.
 */
import type { RawSql } from '../../db/client.js';
import { BackupError, type BackupManifest } from './backup.format.js';

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualified(table: string): string {
  return `public.${quoteIdent(table)}`;
}

/** Tables of the public schema; partitions are reached through their parent. */
export async function listTables(sql: RawSql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

export async function listSequences(sql: RawSql): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname`,
  );
  return rows.map((row) => row.name);
}

export async function primaryKeyColumns(sql: RawSql, table: string): Promise<string[]> {
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
export async function insertableColumns(sql: RawSql, table: string): Promise<string[]> {
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
export async function insertOrder(sql: RawSql, tables: string[]): Promise<string[]> {
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

export async function appliedMigrations(sql: RawSql): Promise<BackupManifest['migrations'] | null> {
  const [exists] = await sql.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return null;
  const rows = await sql.query<{ hash: string; created_at: string | number | bigint }>(
    'SELECT hash, created_at FROM drizzle.__drizzle_migrations ORDER BY id',
  );
  return rows.map((row) => ({ hash: row.hash, createdAt: Number(row.created_at) }));
}

export function describeMigrationDifference(
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

/** A target may be new or already migrated, but must hold no rows. */
export async function assertDatabaseEmpty(sql: RawSql): Promise<void> {
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
