/**
 * One schema, two engines: embedded PGlite in DATA_DIR when DATABASE_URL is unset, a
 * node-postgres pool when it is set. Callers get a Drizzle `db` for ordinary queries and
 * a small `RawSql` for the hot paths, where hand-written SQL is measured to be faster.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { isDatabaseUnavailable } from './availability.js';
import { withCommitScope } from './commit-scope.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import * as schema from './schema/index.js';
import { guardAutocommit } from './write-guard.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The `tx` handed to `db.transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface QueryOptions {
  /**
   * Send as a named prepared statement (PostgreSQL parses and plans the text once per
   * connection, not on every call). For hot statements whose text is fixed: each distinct
   * text becomes one statement on every pooled connection. Ignored on PGlite.
   */
  prepare?: boolean;
  /**
   * 'array': each row as an array of its columns in SELECT order instead of an object (no
   * object built a row: the package's detail reads ten million rows). Honoured by the pool and
   * PGlite's top-level `query`; a caller that asks must still accept objects (a transaction's
   * or `rawSqlOf`'s query may not honour it).
   */
  rowMode?: 'array';
}

/** Parameterised SQL on one connection, returning rows. */
export interface RawSql {
  query<T = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
}

export interface RawDb extends RawSql {
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawDb;
  /** Applies the generated migrations (see migrateDatabase). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

/** Advisory lock key that serialises migrations across instances sharing one server. */
const MIGRATION_LOCK_KEY = 7_240_001;

/**
 * How long the server waits on PostgreSQL before it gives up and answers 503
 * (D-db-survival-1). 0 leaves a bound off, as the command line and the tests do; the server
 * takes its bounds from the configuration (DATABASE_CONNECT_TIMEOUT_MS, …ACQUIRE…, …STATEMENT…).
 */
export interface PostgresTimeouts {
  /** Opening one new connection (a database that is away but not refusing: a silent network). */
  connectMs: number;
  /**
   * Waiting for a pooled connection, a new one included. Longer than `connectMs`: under a
   * burst (240 requests on 20 connections, all waiting on one tranche's lock) a request
   * may rightly queue for seconds; an outage is answered sooner, by the refused or timed-out
   * connects themselves.
   */
  acquireMs: number;
  /** statement_timeout on every pooled connection: the server cancels a runaway statement. */
  statementMs: number;
}

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  /** PGlite folder; omit for an in-memory database (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  timeouts?: Partial<PostgresTimeouts>;
}): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 20, {
      connectMs: options.timeouts?.connectMs ?? 0,
      acquireMs: options.timeouts?.acquireMs ?? 0,
      statementMs: options.timeouts?.statementMs ?? 0,
    });
  }
  return openPglite(options.dataDir);
}

/** A connection lost outside a query: logged once per outage by whoever watches the pool. */
const ignoreConnectionError = () => {};

async function openPostgres(
  url: string,
  poolSize: number,
  timeouts: PostgresTimeouts,
): Promise<Database> {
  // pg-pool hands its own options to every client it creates, so one option would bound
  // both the queue and the connect; the connect gets its own bound here.
  const connectMs = timeouts.connectMs;
  class BoundedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(connectMs > 0 ? { ...config, connectionTimeoutMillis: connectMs } : config);
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    Client: BoundedClient,
    // Unbounded by default: with the database gone a request would wait for a pooled
    // connection for ever. Bounded, it fails and is answered 503.
    ...(timeouts.acquireMs > 0 ? { connectionTimeoutMillis: timeouts.acquireMs } : {}),
    // The client-side query_timeout guards a network that went silent (no RST, no FIN):
    // the server's statement_timeout cannot reach us then. Past the server's own limit, so
    // it never fires on a statement PostgreSQL is still allowed to run.
    ...(timeouts.statementMs > 0
      ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + 5_000 }
      : {}),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // Every connection gets an 'error' listener for its whole life. pg-pool listens only
  // while a client is idle; a checked-out client (a transaction, Drizzle's or ours) whose
  // backend is terminated (57P01, a restart, a cut network) would otherwise emit 'error'
  // with no listener and kill the process. The query in flight still fails (node-postgres
  // rejects it), and the pool drops the client on release because it is no longer queryable.
  pool.on('connect', (client) => client.on('error', ignoreConnectionError));
  // An idle client losing its connection must not crash the process either.
  pool.on('error', ignoreConnectionError);
  guardPoolQueries(pool);
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  const raw: RawDb = {
    async query<T>(text: string, params?: unknown[], options?: QueryOptions) {
      const result = await pool.query(queryConfig(text, params, options));
      return result.rows as T[];
    },
    transaction<T>(fn: (tx: RawSql) => Promise<T>) {
      return withCommitScope(async (beforeCommit) => {
        const client = await pool.connect();
        // Released with an error, the pool destroys the connection instead of reusing it.
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const tx: RawSql = {
            async query<R>(text: string, params?: unknown[], options?: QueryOptions) {
              return (await client.query(queryConfig(text, params, options))).rows as R[];
            },
          };
          const result = await fn(tx);
          await beforeCommit(tx);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            broken = error as Error;
          } else {
            await client.query('ROLLBACK').catch((rollbackError: Error) => {
              broken = rollbackError;
            });
          }
          throw error;
        } finally {
          client.release(broken);
        }
      });
    },
  };
  withScopedTransactions(db);
  async function migrate() {
    // A session-level advisory lock on one dedicated connection: a second instance starting
    // at the same moment waits here instead of racing the first through the same DDL.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
      await client.end();
    }
  }
  return { kind: 'postgres', db, raw, migrate, close: () => pool.end() };
}

/** Statement names by text: a hash, so one text never meets two names or the reverse. */
const statementNames = new Map<string, string>();

/** node-postgres' `{ name, text, values }`, named only when `prepare` asks for it. */
function queryConfig(text: string, params: unknown[] | undefined, options?: QueryOptions) {
  const values = params as unknown[] | undefined;
  const rowMode = options?.rowMode;
  if (!options?.prepare) return rowMode ? { text, values, rowMode } : { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `yq_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return rowMode ? { name, text, values, rowMode } : { name, text, values };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
    try {
      client = await PGlite.create(path.join(dataDir, 'pgdata'));
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create();
  }
  guardPgliteQueries(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const raw: RawDb = {
    async query<T>(text: string, params?: unknown[], options?: QueryOptions) {
      const rowMode = options?.rowMode;
      return (await client.query<T>(text, params, rowMode ? { rowMode } : undefined)).rows;
    },
    transaction<T>(fn: (tx: RawSql) => Promise<T>) {
      return withCommitScope((beforeCommit) =>
        client.transaction(async (tx) => {
          const sql: RawSql = {
            async query<R>(text: string, params?: unknown[]) {
              return (await tx.query<R>(text, params)).rows;
            },
          };
          const result = await fn(sql);
          await beforeCommit(sql);
          return result;
        }),
      );
    },
  };
  withScopedTransactions(db);
  return {
    kind: 'pglite',
    db,
    raw,
    async migrate() {
      // biome-ignore lint/suspicious/noExplicitAny: the migrator wants the concrete driver type
      await migratePglite(db as any, { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

/**
 * Statements sent outside a transaction pass the write guard (db/write-guard.ts). On
 * PostgreSQL they all go through `pool.query` (Drizzle's db and RawDb.query alike); every
 * transaction runs on a checked-out client instead, so only autocommit statements are seen.
 */
function guardPoolQueries(pool: pg.Pool): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool#query's overloads, passed through as they are
  (pool as any).query = (...args: unknown[]) => {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: string })?.text;
    const refused = typeof text === 'string' ? guardAutocommit(text) : undefined;
    if (refused) return Promise.reject(refused);
    return query(...args);
  };
}

/**
 * The same on PGlite: its `query` and `exec` are the autocommit entry points; a transaction's
 * statements (client.transaction's `tx`) run through a private path and are not seen.
 */
function guardPgliteQueries(client: PGlite): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  client.query = ((text: string, ...rest: unknown[]) => {
    const refused = guardAutocommit(text);
    if (refused) return Promise.reject(refused);
    return (query as (...args: unknown[]) => unknown)(text, ...rest);
  }) as PGlite['query'];
  client.exec = ((text: string, ...rest: unknown[]) => {
    const refused = guardAutocommit(text);
    if (refused) return Promise.reject(refused);
    return (exec as (...args: unknown[]) => unknown)(text, ...rest);
  }) as PGlite['exec'];
}

/**
 * Drizzle's db.transaction gets the same commit scope as RawDb.transaction: its body runs,
 * then the scope's beforeCommit on the same transaction, then Drizzle commits.
 */
function withScopedTransactions(db: Db): void {
  const inner = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    withCommitScope((beforeCommit) =>
      inner(async (tx) => {
        const result = await fn(tx);
        await beforeCommit(rawSqlOf(tx));
        return result;
      }, config),
    )) as Db['transaction'];
}

/**
 * Hand-written `$1`-style SQL on a Drizzle transaction: for a service that joins SQL written
 * for RawSql to work done through Drizzle, in one transaction (and for the commit scope's row).
 */
export function rawSqlOf(tx: Tx): RawSql {
  return {
    async query<R>(text: string, params?: unknown[]) {
      const result = await tx.execute(parameterised(text, params ?? []));
      // node-postgres answers a QueryResult, PGlite a Results: both carry rows.
      return (result as unknown as { rows: R[] }).rows;
    },
  };
}

/** `$1`-style text and values as a Drizzle SQL (for the commit scope's one statement). */
function parameterised(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`);
  });
  return sql.join(chunks);
}

/** Applies the generated migrations; on PostgreSQL one instance at a time. */
export function migrateDatabase(database: Database): Promise<void> {
  return database.migrate();
}
