/**
 * The hash chain against a real database (PGlite, or PostgreSQL when DATABASE_URL is set):
 * it verifies, it survives the round trip through each engine's types, concurrent appends form
 * one unbroken line, and every kind of tampering is caught at the exact row.
 */
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema/index.js';
import { ManualClock } from '../../src/domain/clock.js';
import { chainHash, GENESIS_HASH } from '../../src/modules/audit/audit.chain.js';
import { AuditService, chainedFieldsOf } from '../../src/modules/audit/audit.service.js';
import { type AuditEntry, AuditWriter } from '../../src/modules/audit/audit.writer.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let testDb: TestDatabase;
let clock: ManualClock;
let writer: AuditWriter;
let service: AuditService;

beforeAll(async () => {
  testDb = await createTestDatabase();
  service = new AuditService(testDb.database);
});

beforeEach(async () => {
  await testDb.database.raw.query('DELETE FROM audit_log');
  clock = new ManualClock('2026-03-02T02:00:00.123Z');
  writer = new AuditWriter(testDb.database, clock);
});

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

/** Appends n rows one after another, a millisecond apart. */
async function appendRows(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await writer.append(entry(i));
    clock.advance(1);
  }
}

const sql = (text: string, params?: unknown[]) => testDb.database.raw.query(text, params);

describe('audit chain', () => {
  it('verifies an intact chain and counts its rows', async () => {
    expect(await service.verify()).toEqual({ ok: true, rows: 0, headHash: GENESIS_HASH });
    await appendRows(12);
    const [head] = await sql('SELECT hash FROM audit_log WHERE seq = 12');
    expect(await service.verify()).toEqual({ ok: true, rows: 12, headHash: head?.hash });
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
        rows += 1;
        expect(await service.verify()).toMatchObject({ ok: true, rows });
      }),
      { numRuns: 60 },
    );
  });

  it('keeps one unbroken chain under 200 concurrent appends from two writers', async () => {
    // Two writers stand for two server instances sharing the database.
    const other = new AuditWriter(testDb.database, clock);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? writer : other).append(entry(i))),
    );
    const seqs = await sql('SELECT seq FROM audit_log ORDER BY seq');
    expect(seqs.map((row) => Number(row.seq))).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    expect(await service.verify()).toMatchObject({ ok: true, rows: 200 });
  });
});

describe('audit chain tampering', () => {
  beforeEach(() => appendRows(10));

  it('names the row whose action was edited', async () => {
    await sql(`UPDATE audit_log SET action = 'GET /harmless' WHERE seq = 6`);
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 5,
      firstBrokenSeq: 6,
      reason: 'HASH_MISMATCH',
      row: { action: 'GET /harmless' },
    });
  });

  it('names the row whose detail was edited', async () => {
    await sql(
      `UPDATE audit_log SET detail = jsonb_set(detail, '{amount}', '"9999.00"') WHERE seq = 3`,
    );
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 2,
      firstBrokenSeq: 3,
      reason: 'HASH_MISMATCH',
    });
  });

  it('names the row whose time was moved by a millisecond', async () => {
    await sql(
      `UPDATE audit_log SET occurred_at = occurred_at + interval '1 millisecond' WHERE seq = 9`,
    );
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 8,
      firstBrokenSeq: 9,
      reason: 'HASH_MISMATCH',
    });
  });

  it('names the row after a deleted one', async () => {
    await sql('DELETE FROM audit_log WHERE seq = 4');
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 3,
      firstBrokenSeq: 5,
      expectedSeq: 4,
      reason: 'SEQ_GAP',
    });
  });

  it('catches an edit whose own hash was recomputed, at the next row', async () => {
    // Someone who edits row 7 and rewrites its hash to match still breaks row 8's link to it.
    const { db } = testDb.database;
    const [row6] = await db.select().from(auditLog).where(eq(auditLog.seq, 6));
    const [row7] = await db.select().from(auditLog).where(eq(auditLog.seq, 7));
    const forged = { ...chainedFieldsOf(row7!), action: 'edited' };
    await db
      .update(auditLog)
      .set({ action: 'edited', hash: chainHash(row6!.hash, forged) })
      .where(eq(auditLog.seq, 7));
    expect(await service.verify()).toMatchObject({
      ok: false,
      rows: 7,
      firstBrokenSeq: 8,
      reason: 'PREV_HASH_MISMATCH',
    });
  });

  it('finds a break far into a chain longer than one read page', async () => {
    await Promise.all(Array.from({ length: 4_990 }, (_, i) => writer.append(entry(i))));
    await sql(`UPDATE audit_log SET target_id = 'other' WHERE seq = 4321`);
    expect(await service.verify()).toMatchObject({ ok: false, rows: 4320, firstBrokenSeq: 4321 });
  });
});
