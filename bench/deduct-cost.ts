/**
 * What one deduction costs at the database (D-ledger-rows-1, docs/benchmarks.md section 19):
 * serial calls of `yq_deduct` on one connection, exactly as POST /deductions sends it (one
 * bill, a key, the audit row), against a kept bench database. Reports per call: the wall
 * time, the backend's CPU (/proc, this connection's backend only), and the WAL its
 * transactions wrote — read back with pg_walinspect and kept to this connection's
 * transaction ids, so other databases on the server do not count — split by relation, with
 * the full-page images apart.
 *
 *   node --import tsx bench/deduct-cost.ts <database> [--calls 2000] [--label x]
 *     [--checkpoint] [--random-audit-ids]
 *
 * <database>: one made by `node --import tsx bench/deductions.ts --only none --keep
 * --duration 1 --warmup 0` (or a copy: CREATE DATABASE … TEMPLATE …). --checkpoint: start
 * right after a CHECKPOINT, so that every page's first change is imaged, as after each
 * checkpoint of a running server. --random-audit-ids: audit ids as before migration 0019
 * (random UUIDs) instead of the server's time-ordered ones.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { uuid7 } from '../server/src/lib/uuid7.js';
import { REFUSALS } from '../server/src/modules/ledger/deduct.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    calls: { type: 'string', default: '2000' },
    label: { type: 'string', default: 'run' },
    checkpoint: { type: 'boolean', default: false },
    'random-audit-ids': { type: 'boolean', default: false },
  },
});
const database = positionals[0];
if (!database) throw new Error('usage: deduct-cost.ts <database> [--calls N] [--checkpoint]');
const calls = Number(values.calls);
const auditId = values['random-audit-ids'] ? () => crypto.randomUUID() : () => uuid7();

const client = new pg.Client({
  connectionString: `postgres://postgres@127.0.0.1:5432/${database}`,
});
await client.connect();
const one = async <T>(
  query: string | { name: string; text: string },
  params: unknown[] = [],
): Promise<T> => {
  const { rows } = await client.query(query, params);
  if (!rows[0]) throw new Error(`no row: ${JSON.stringify(query)}`);
  return rows[0] as T;
};
await client.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
// Keeps the WAL from here on until this session ends (a temporary slot): on a shared server
// other databases' writes bring checkpoints that would recycle the segments before they are read.
await client.query(
  `SELECT pg_create_physical_replication_slot('deduct_cost_' || pg_backend_pid(), true, true)`,
);
const caller = await one<{ client_id: string; operator_id: string }>(
  'SELECT id AS client_id, operator_id FROM api_clients ORDER BY created_at LIMIT 1',
);
const codes = (
  await client.query<{ credit_code: string }>(
    'SELECT DISTINCT credit_code FROM voucher_tranches WHERE balance > 100000',
  )
).rows.map((row) => row.credit_code);
const { pid } = await one<{ pid: number }>('SELECT pg_backend_pid() AS pid');
/** utime + stime of the backend, in clock ticks (fields 14 and 15 of /proc/<pid>/stat). */
const ticks = () => {
  const fields = (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const TICKS_PER_S = 100;

// The route's statement (deduct.ts), plus the transaction's id to find its WAL records.
const DEDUCT = `SELECT yq_deduct($1, $2, $3, $4, now(), '2026-01-01T00:00:00.000Z', true, false,
  ARRAY[$5]::text[], ARRAY[$6]::text[], ARRAY['compute']::text[], ARRAY[200]::bigint[],
  ARRAY[NULL]::text[], 'haian-cloud-voucher', $7::jsonb, $8::jsonb) AS r,
  pg_current_xact_id()::text AS xid`;
const run = `${values.label}-${Date.now().toString(36)}`;
if (values.checkpoint) await client.query('CHECKPOINT');
const { lsn: from } = await one<{ lsn: string }>('SELECT pg_current_wal_insert_lsn() AS lsn');
const xids = new Set<string>();
const cpu0 = ticks();
const t0 = performance.now();
for (let i = 0; i < calls; i++) {
  const order = `L-${run}-${i}`;
  const audit = {
    id: auditId(),
    occurredAt: new Date().toISOString(),
    actorName: 'bench client',
    organisationId: caller.operator_id,
    action: 'open-api.deduct',
    targetType: 'order',
    targetId: order,
    outcome: 'success',
    requestId: `req-${run}-${i}`,
    ipAddress: '127.0.0.1',
    detail: { status: 201 },
  };
  const row = await one<{ r: Record<string, unknown>; xid: string }>(
    // Named: prepared once, as the route's statement is.
    { name: 'deduct', text: DEDUCT },
    [
      caller.client_id,
      caller.operator_id,
      `K-${run}-${i}`,
      'f'.repeat(64),
      order,
      codes[Math.floor(Math.random() * codes.length)],
      REFUSALS,
      JSON.stringify(audit),
    ],
  );
  if (!('response' in row.r)) throw new Error(`not paid: ${JSON.stringify(row.r)}`);
  xids.add(row.xid);
}
const wallMs = performance.now() - t0;
const cpuMs = ((ticks() - cpu0) * 1000) / TICKS_PER_S;
// Every one of these commits has been flushed (synchronous_commit), so the flush LSN covers them.
const { lsn: to } = await one<{ lsn: string }>('SELECT pg_current_wal_flush_lsn() AS lsn');
const records = (
  await client.query<{
    xid: string;
    rm: string;
    rt: string;
    len: number;
    fpi: number;
    block_ref: string | null;
  }>(
    `SELECT xid::text AS xid, resource_manager AS rm, record_type AS rt, record_length AS len,
            fpi_length AS fpi, block_ref FROM pg_get_wal_records_info($1, $2)`,
    [from, to],
  )
).rows.filter((record) => xids.has(record.xid));
const relations = new Map(
  (
    await client.query<{ node: string; relname: string }>(
      'SELECT relfilenode::text AS node, relname FROM pg_class WHERE relfilenode <> 0',
    )
  ).rows.map((row) => [row.node, row.relname]),
);
const byRelation = new Map<
  string,
  { records: number; bytes: number; fpi: number; images: number }
>();
const total = { records: 0, bytes: 0, fpi: 0, images: 0 };
for (const record of records) {
  const node = /rel \d+\/\d+\/(\d+)/.exec(record.block_ref ?? '')?.[1];
  const name = node ? (relations.get(node) ?? node) : `(${record.rm} ${record.rt})`;
  const entry = byRelation.get(name) ?? { records: 0, bytes: 0, fpi: 0, images: 0 };
  const images = (record.block_ref ?? '').match(/FPW/g)?.length ?? 0;
  for (const sum of [entry, total]) {
    sum.records += 1;
    sum.bytes += record.len;
    sum.fpi += record.fpi;
    sum.images += images;
  }
  byRelation.set(name, entry);
}
const per = (x: number, digits = 2) => (x / calls).toFixed(digits);
console.log(
  `${values.label}: ${calls} calls, ${per(wallMs, 3)} ms/call wall, backend CPU ${per(cpuMs, 3)} ms/call; ` +
    `WAL ${per(total.records)} records, ${per(total.bytes / 1024)} kB/call ` +
    `(${per((total.bytes - total.fpi) / 1024)} kB without full-page images; ${per(total.images)} images, ${per(total.fpi / 1024)} kB)`,
);
for (const [name, e] of [...byRelation].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(
    `  ${name.padEnd(50)} ${per(e.records).padStart(6)} records ${per(e.bytes, 0).padStart(6)} B/call  images ${per(e.images)} (${per(e.fpi, 0)} B)`,
  );
}
await client.end();
