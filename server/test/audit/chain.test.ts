/**
 * The hash chain against a real database (PGlite, or PostgreSQL when DATABASE_URL is set):
 * rows are written unsealed and the sealer chains them; the chain verifies, survives the round
 * trip through each engine's types, concurrent appends and concurrent sealers form one unbroken
 * line, and every kind of tampering is caught at the exact row. The tables refuse UPDATE,
 * DELETE and TRUNCATE: a test that tampers disables the trigger first, by name.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.js';
import { chainHash, GENESIS_HASH } from '../../src/modules/audit/audit.chain.js';
import { type AuditRow, chainedFieldsOfRow } from '../../src/modules/audit/audit.rows.js';
import { AuditSealer } from '../../src/modules/audit/audit.sealer.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { type AuditEntry, AuditWriter } from '../../src/modules/audit/audit.writer.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let clock: ManualClock;
let writer: AuditWriter;
let sealer: AuditSealer;
let service: AuditService;

beforeAll(async () => {
  testDb = await createTestDatabase();
  service = new AuditService(testDb.database);
});

/** Runs `fn` with the append-only triggers of audit_log and audit_seals off. */
async function tampering(fn: () => Promise<unknown>): Promise<void> {
  const triggers = [
    'audit_log DISABLE TRIGGER audit_log_append_only',
    'audit_log DISABLE TRIGGER audit_log_no_truncate',
    'audit_seals DISABLE TRIGGER audit_seals_append_only',
    'audit_seals DISABLE TRIGGER audit_seals_no_truncate',
  ];
  for (const t of triggers) await sql(`ALTER TABLE ${t}`);
  try {
    await fn();
  } finally {
    for (const t of triggers) await sql(`ALTER TABLE ${t.replace('DISABLE', 'ENABLE')}`);
  }
}

beforeEach(async () => {
  await tampering(() => sql('TRUNCATE audit_log, audit_seals'));
  clock = new ManualClock('2026-03-02T02:00:00.123Z');
  writer = new AuditWriter(testDb.database, clock);
  sealer = new AuditSealer(testDb.database, clock);
});

/** The audit row sealed at `seq`, as a subquery. */
const rowAt = (seq: number) => `id = (SELECT audit_id FROM audit_seals WHERE seq = ${seq})`;

afterAll(async () => {
  await testDb.close();
});

function entry(i: number): AuditEntry {
  return {
    actorUserId: `user-${i % 3}`,
    actorName: ['陈静', 'Alice', 'cli'][i % 3] ?? null,
    actorRole: 'data_bureau_reviewer',
    organisationId: 'data-bureau',
    action: `POST /api/things/${i}`,
    targetType: 'thing',
    targetId: `thing-${i}`,
    outcome: i % 4 === 0 ? 'failure' : 'success',
    requestId: `req-${i}`,
    ipAddress: '10.0.0.1',
    detail: { status: 200, amount: '1234.56', nested: { z: [1, 2.5, null], a: '东' } },
  };
}

/** Appends n rows one after another, a millisecond apart, and seals them. */
async function appendRows(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await writer.append(entry(i));
    clock.advance(1);
  }
  await sealer.sealAll();
}

const sql = (text: string, params?: unknown[]) => testDb.database.raw.query(text, params);

describe('audit chain', () => {
  it('verifies an intact chain and counts its rows', async () => {
    const none = { count: 0, oldestAt: null };
    expect(await service.verify()).toEqual({
      ok: true,
      rows: 0,
      headHash: GENESIS_HASH,
      unsealed: none,
    });
    await appendRows(12);
    const [head] = await sql('SELECT hash FROM audit_seals WHERE seq = 12');
    expect(await service.verify()).toEqual({
      ok: true,
      rows: 12,
      headHash: head?.hash,
      unsealed: none,
    });
  });

  it('counts the rows not sealed yet, and seals them in the order they were written', async () => {
    await appendRows(3);
    const at = clock.now();
    for (let i = 4; i <= 6; i++) await writer.append(entry(i));
    expect(await service.verify()).toMatchObject({
      ok: true,
      rows: 3,
      unsealed: { count: 3, oldestAt: at },
    });
    expect(await sealer.sealAll()).toEqual({ sealed: 3, busy: false });
    expect(await sealer.sealAll()).toEqual({ sealed: 0, busy: false });
    const order = await sql(
      `SELECT a.target_id FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id ORDER BY s.seq`,
    );
    expect(order.map((row) => row.target_id)).toEqual(
      Array.from({ length: 6 }, (_, i) => `thing-${i + 1}`),
    );
    expect(await service.verify()).toMatchObject({ ok: true, rows: 6, unsealed: { count: 0 } });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit log and its seals', async () => {
    await appendRows(2);
    for (const statement of [
      `UPDATE audit_log SET action = 'x'`,
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      `UPDATE audit_seals SET hash = 'x'`,
      'DELETE FROM audit_seals',
      'TRUNCATE audit_seals',
    ]) {
      await expect(sql(statement), statement).rejects.toThrow(/is append-only/);
    }
    expect(await service.verify()).toMatchObject({ ok: true, rows: 2 });
  });

  it("writes a row with audit_record inside the caller's transaction, gone if it rolls back", async () => {
    const argument = JSON.stringify({
      action: 'plpgsql.call',
      outcome: 'success',
      detail: { a: 1 },
    });
    await expect(
      testDb.database.raw.transaction(async (tx) => {
        await tx.query('SELECT audit_record($1::jsonb)', [argument]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await sql(`SELECT 1 FROM audit_log WHERE action = 'plpgsql.call'`)).toHaveLength(0);
    const [{ id } = { id: '' }] = await testDb.database.raw.transaction((tx) =>
      tx.query<{ id: string }>('SELECT audit_record($1::jsonb) AS id', [argument]),
    );
    const [row] = await sql('SELECT * FROM audit_log WHERE id = $1', [id]);
    expect(row).toMatchObject({ action: 'plpgsql.call', outcome: 'success', detail: { a: 1 } });
    // To the millisecond, as the chain hashes it.
    expect(new Date(row?.occurred_at as Date).getUTCMilliseconds()).toBeGreaterThanOrEqual(0);
    await expect(
      sql('SELECT audit_record($1::jsonb)', [JSON.stringify({ action: 'x', outcome: 'maybe' })]),
    ).rejects.toThrow(/outcome must be success, failure or denied/);
    await expect(
      sql('SELECT audit_record($1::jsonb)', [JSON.stringify({ outcome: 'success' })]),
    ).rejects.toThrow(/action is required/);
    await sealer.sealAll();
    expect(await service.verify()).toMatchObject({ ok: true, rows: 1 });
  });

  it('reads back every row exactly as it was hashed (any detail, any instant)', async () => {
    // Strings PostgreSQL cannot hold in jsonb (NUL, lone surrogates) are out of scope.
    const storable = (value: unknown) => !/\\u0000|\\ud[89a-f]/i.test(JSON.stringify(value));
    const detail = fc.dictionary(fc.string(), fc.jsonValue()).filter(storable);
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(detail, instant, async (value, at) => {
        clock.set(at);
        await writer.append({ action: 'property.check', outcome: 'success', detail: value });
        await sealer.sealAll();
        rows += 1;
        expect(await service.verify()).toMatchObject({ ok: true, rows });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps one unbroken chain under 200 concurrent appends from two writers and two sealers', async () => {
    // Two writers and two sealers stand for two server instances sharing the database.
    const other = new AuditWriter(testDb.database, clock);
    const otherSealer = new AuditSealer(testDb.database, clock);
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? writer : other).append(entry(i))),
      ...Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? sealer : otherSealer).sealAll()),
    ]);
    await sealer.sealAll();
    const seqs = await sql('SELECT seq FROM audit_seals ORDER BY seq');
    expect(seqs.map((row) => Number(row.seq))).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(await service.verify()).toMatchObject({ ok: true, rows: 200, unsealed: { count: 0 } });
  });
});

describe('audit chain tampering', () => {
  beforeEach(() => appendRows(10));

  it('names the row whose action was edited', async () => {
    await tampering(() => sql(`UPDATE audit_log SET action = 'GET /harmless' WHERE ${rowAt(6)}`));
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 5,
      firstBrokenSeq: 6,
      reason: 'HASH_MISMATCH',
      row: { action: 'GET /harmless' },
    });
  });

  it('names the row whose detail was edited', async () => {
    await tampering(() =>
      sql(
        `UPDATE audit_log SET detail = jsonb_set(detail, '{amount}', '"9999.00"') WHERE ${rowAt(3)}`,
      ),
    );
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 2,
      firstBrokenSeq: 3,
      reason: 'HASH_MISMATCH',
    });
  });

  it('names the row whose time was moved by a millisecond', async () => {
    await tampering(() =>
      sql(
        `UPDATE audit_log SET occurred_at = occurred_at + interval '1 millisecond' WHERE ${rowAt(9)}`,
      ),
    );
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 8,
      firstBrokenSeq: 9,
      reason: 'HASH_MISMATCH',
    });
  });

  it('names a sealed row that was deleted', async () => {
    await tampering(() => sql(`DELETE FROM audit_log WHERE ${rowAt(4)}`));
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 3,
      firstBrokenSeq: 4,
      reason: 'ROW_MISSING',
      row: { occurredAt: null, action: null },
    });
  });

  it('names the seal after a deleted one', async () => {
    await tampering(() => sql('DELETE FROM audit_seals WHERE seq = 4'));
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 3,
      firstBrokenSeq: 5,
      expectedSeq: 4,
      reason: 'SEQ_GAP',
    });
  });

  it('catches an edit whose own hash was recomputed, at the next row', async () => {
    // Someone who edits row 7 and rewrites its seal's hash to match still breaks row 8's link.
    const [row7] = await sql(`SELECT * FROM audit_log WHERE ${rowAt(7)}`);
    const [seal6] = await sql('SELECT hash FROM audit_seals WHERE seq = 6');
    const forged = { ...chainedFieldsOfRow(row7 as unknown as AuditRow, 7), action: 'edited' };
    await tampering(async () => {
      await sql(`UPDATE audit_log SET action = 'edited' WHERE ${rowAt(7)}`);
      await sql('UPDATE audit_seals SET hash = $1 WHERE seq = 7', [
        chainHash(seal6?.hash as string, forged),
      ]);
    });
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 7,
      firstBrokenSeq: 8,
      reason: 'PREV_HASH_MISMATCH',
    });
  });

  it('finds a break far into a chain longer than one read page', async () => {
    await Promise.all(Array.from({ length: 4_990 }, (_, i) => writer.append(entry(i))));
    await sealer.sealAll();
    await tampering(() => sql(`UPDATE audit_log SET target_id = 'other' WHERE ${rowAt(4321)}`));
    expect(await service.verify()).toMatchObject({ ok: false, rows: 4320, firstBrokenSeq: 4321 });
  });
});
