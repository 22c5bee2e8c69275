/**
 * Reading the audit trail: search for the UI, and verification of the hash chain for the
 * `audit verify` command. Writing is AuditWriter's job; nothing here changes a row.
 *
 * @read-model reads: users, organisations — the search finds an actor by name or username and
 *   shows each row's organisation name (in SQL: the page is filtered, counted and cut in the
 *   database). Accounts writes the audit trail, so audit cannot import accounts.
 */
import { and, count, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditLog, auditSeals, organisations, users } from '../../db/schema/index.js';
import { chainHash, GENESIS_HASH } from './audit.chain.js';
import { type AuditRow, chainedFieldsOfRow } from './audit.rows.js';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditSearchFilters {
  /** Inclusive lower bound on occurredAt. */
  from?: Date | undefined;
  /** Exclusive upper bound on occurredAt, so consecutive ranges never overlap. */
  to?: Date | undefined;
  /** A user id (exact), or part of the actor's name or username. */
  actor?: string | undefined;
  /** Prefix of the action, e.g. `POST /api/users` or `auth.`. */
  action?: string | undefined;
  outcome?: AuditOutcome | undefined;
  /** Part of the action, target type, target id or detail. */
  q?: string | undefined;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** A row with its place in the chain: seq, prevHash and hash are null until it is sealed. */
export type AuditRecord = Omit<typeof auditLog.$inferSelect, 'txId'> & {
  organisationName: string | null;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
};

/** Rows written (committed) and not yet given their place in the chain by the sealer. */
export interface UnsealedRows {
  count: number;
  /** When the oldest of them happened; null when there are none. */
  oldestAt: Date | null;
}

export type AuditBreak = 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP' | 'ROW_MISSING';

export type AuditVerifyResult =
  | {
      ok: true;
      /** Sealed rows, all intact. */
      rows: number;
      /**
       * The last seal's hash (the genesis hash when empty). A chain cannot show that rows were
       * cut from its end; comparing this with a head recorded earlier can.
       */
      headHash: string;
      unsealed: UnsealedRows;
    }
  | {
      ok: false;
      /** Sealed rows checked and found intact before the broken one. */
      rows: number;
      firstBrokenSeq: number;
      reason: AuditBreak;
      /** The broken row as stored, to name it in reports (ROW_MISSING: only its id). */
      row: { id: string; occurredAt: Date | null; action: string | null };
      /** The seq that belongs at this place; for SEQ_GAP, the first missing one. */
      expectedSeq: number;
      unsealed: UnsealedRows;
    };

/** Rows per read while verifying: memory stays flat however long the chain grows. */
const VERIFY_PAGE = 2_000;

/** Makes user input literal inside a LIKE pattern (backslash is PostgreSQL's default escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

export class AuditService {
  constructor(private readonly database: Database) {}

  /** Newest first. `total` counts every match, not only the page. */
  async search(filters: AuditSearchFilters): Promise<{ items: AuditRecord[]; total: number }> {
    const { db } = this.database;
    const conditions: SQL[] = [];
    if (filters.from) conditions.push(gte(auditLog.occurredAt, filters.from));
    if (filters.to) conditions.push(lt(auditLog.occurredAt, filters.to));
    if (filters.outcome) conditions.push(eq(auditLog.outcome, filters.outcome));
    if (filters.action) {
      conditions.push(sql`${auditLog.action} LIKE ${`${likeLiteral(filters.action)}%`}`);
    }
    if (filters.actor) {
      const pattern = `%${likeLiteral(filters.actor)}%`;
      conditions.push(
        or(
          eq(auditLog.actorUserId, filters.actor),
          ilike(auditLog.actorName, pattern),
          sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${auditLog.actorUserId}
                AND ${users.username} ILIKE ${pattern})`,
        ) as SQL,
      );
    }
    if (filters.q) {
      const pattern = `%${likeLiteral(filters.q)}%`;
      conditions.push(
        or(
          ilike(auditLog.action, pattern),
          ilike(auditLog.targetType, pattern),
          ilike(auditLog.targetId, pattern),
          sql`${auditLog.detail}::text ILIKE ${pattern}`,
        ) as SQL,
      );
    }
    const where = conditions.length > 0 ? and(...conditions) : undefined;

    const [items, [totals]] = await Promise.all([
      db
        .select({
          log: auditLog,
          organisationName: organisations.name,
          seq: auditSeals.seq,
          prevHash: auditSeals.prevHash,
          hash: auditSeals.hash,
        })
        .from(auditLog)
        .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
        .leftJoin(auditSeals, eq(auditSeals.auditId, auditLog.id))
        .where(where)
        // Insertion order: unsealed rows (no seq yet) among the others, newest first.
        .orderBy(desc(auditLog.entryNo))
        .limit(filters.pageSize)
        .offset((filters.page - 1) * filters.pageSize),
      db.select({ total: count() }).from(auditLog).where(where),
    ]);
    return {
      items: items.map(({ log: { txId: _txId, ...log }, ...rest }) => ({ ...log, ...rest })),
      total: totals?.total ?? 0,
    };
  }

  /**
   * Walks the seals in seq order, recomputing each sealed row's hash from its stored fields,
   * and stops at the first that does not fit: a missing seq, a prevHash that is not the
   * previous seal's hash, a sealed row that is gone, or a hash that does not match the row's
   * content. Then counts the rows not sealed yet (normal for a few seconds after a write; a
   * growing number means the sealer is not running). Rows appended while this runs only
   * extend the chain, so a live server needs no pause.
   */
  async verify(): Promise<AuditVerifyResult> {
    const { raw } = this.database;
    let rows = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const page = await raw.query<
        AuditRow & { seal_seq: string; seal_audit_id: string; prev_hash: string; hash: string }
      >(
        `SELECT s.seq AS seal_seq, s.audit_id AS seal_audit_id, s.prev_hash, s.hash, a.*
           FROM audit_seals s LEFT JOIN audit_log a ON a.id = s.audit_id
          WHERE s.seq >= $1 ORDER BY s.seq LIMIT $2`,
        [expectedSeq, VERIFY_PAGE],
      );
      for (const row of page) {
        const seq = Number(row.seal_seq);
        const reason: AuditBreak | null =
          seq !== expectedSeq
            ? 'SEQ_GAP'
            : row.prev_hash !== prevHash
              ? 'PREV_HASH_MISMATCH'
              : row.id === null
                ? 'ROW_MISSING'
                : chainHash(prevHash, chainedFieldsOfRow(row, seq)) !== row.hash
                  ? 'HASH_MISMATCH'
                  : null;
        if (reason) {
          return {
            ok: false,
            rows,
            firstBrokenSeq: seq,
            reason,
            row: {
              id: row.seal_audit_id,
              occurredAt: row.occurred_at === null ? null : new Date(row.occurred_at),
              action: row.action,
            },
            expectedSeq,
            unsealed: await this.unsealed(),
          };
        }
        rows += 1;
        expectedSeq += 1;
        prevHash = row.hash;
      }
      if (page.length < VERIFY_PAGE) {
        return { ok: true, rows, headHash: prevHash, unsealed: await this.unsealed() };
      }
    }
  }

  /** Rows without a seal. */
  async unsealed(): Promise<UnsealedRows> {
    const [row] = await this.database.raw.query<{ count: string; oldest: Date | string | null }>(
      `SELECT count(*) AS count, min(a.occurred_at) AS oldest FROM audit_log a
        WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
    );
    return {
      count: Number(row?.count ?? 0),
      oldestAt: row?.oldest ? new Date(row.oldest) : null,
    };
  }
}
