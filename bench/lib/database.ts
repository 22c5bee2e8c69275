/**
 * Fresh PostgreSQL databases for one run, on the local server only: created with a random
 * name, dropped (WITH FORCE) at the end, also on Ctrl-C.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onCleanup } from './cleanup.js';

/** The maintenance database URL: BENCH_DATABASE_URL, DATABASE_URL, or the local default. */
export const SERVER_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    throw new Error(`benchmarks run only against a local PostgreSQL, not ${host}`);
  }
}

export function adminQuery(sql: string): Promise<void> {
  return adminQueryOn(SERVER_URL, sql);
}

/** One statement on its own connection to `url` (local only). */
export async function adminQueryOn(url: string, sql: string): Promise<void> {
  assertLocal(url);
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createFreshDatabase(
  prefix = 'yq_bench',
  options: { keep?: boolean } = {},
): Promise<FreshDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  if (options.keep) onCleanup(() => console.log(`kept database ${url}`));
  else onCleanup(drop);
  return { name, url: url.toString(), drop };
}
