/**
 * The PostgreSQL side of server/src/db/client.ts, except that every statement is sent as a
 * named prepared statement (node-postgres `{ name, text, values }`, named by a hash of its
 * text): PostgreSQL parses and plans each text once per connection instead of on every
 * call. Experiment E7: every statement prepared, where the server prepares only the hot
 * ones (a single bill's two statements, D13).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, RawDb, RawSql } from '../../server/src/db/client.js';

export function preparedStatementsDatabase(
  url: string,
  poolSize: number,
  base: Database,
): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {});
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `yq_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const run = async <R>(client: pg.Pool | pg.PoolClient, text: string, params?: unknown[]) =>
    (await client.query({ name: nameOf(text), text, values: params as unknown[] })).rows as R[];
  const raw: RawDb = {
    query: <T>(text: string, params?: unknown[]) => run<T>(pool, text, params),
    async transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return { ...base, raw, close: () => pool.end() };
}
