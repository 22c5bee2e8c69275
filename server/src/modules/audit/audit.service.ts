/**
 * Reading the audit trail: search for the UI, and verification of the hash chain for the
 * `audit verify` command. Writing is AuditWriter's job; nothing here changes a row.
 */
import { and, asc, count, desc, eq, gt, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { auditLog, organisations, users } from '../../db/schema/index.js';
import { type ChainedFields, chainHash, GENESIS_HASH } from './audit.chain.js';

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

export type AuditRecord = typeof auditLog.$inferSelect & { organisationName: string | null };

export type AuditVerifyResult =
  | {
      ok: true;
      rows: number;
      /**
       * The last row's hash (the genesis hash when empty). A chain cannot show that rows were
       * cut from its end; comparing this with a head recorded earlier can.
       */
      headHash: string;
    }
  | {
      ok: false;
      /** Rows checked and found intact before the broken one. */
      rows: number;
      firstBrokenSeq: number;
      reason: 'HASH_MISMATCH' | 'PREV_HASH_MISMATCH' | 'SEQ_GAP';
      /** The broken row as stored, to name it in reports. */
      row: { id: string; occurredAt: Date; action: string };
      /** The seq that belongs at this place; for SEQ_GAP, the first missing one. */
      expectedSeq: number;
    };

/** Rows per read while verifying: memory stays flat however long the chain grows. */
const VERIFY_PAGE = 2_000;

/** Makes user input literal inside a LIKE pattern (backslash is PostgreSQL's default escape). */
function likeLiteral(value: string): string {
  return value.replace(/[\\%_]/g, '\\$&');
}

/** Exactly the fields the hash covers: the stored hashes themselves are not part of it. */
export function chainedFieldsOf(row: typeof auditLog.$inferSelect): ChainedFields {
  return {
    seq: row.seq,
    id: row.id,
    occurredAt: row.occurredAt,
    actorUserId: row.actorUserId,
    actorName: row.actorName,
    actorRole: row.actorRole,
    organisationId: row.organisationId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    requestId: row.requestId,
    ipAddress: row.ipAddress,
    detail: row.detail,
  };
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
        .select({ log: auditLog, organisationName: organisations.name })
        .from(auditLog)
        .leftJoin(organisations, eq(organisations.id, auditLog.organisationId))
        .where(where)
        .orderBy(desc(auditLog.seq))
        .limit(filters.pageSize)
        .offset((filters.page - 1) * filters.pageSize),
      db.select({ total: count() }).from(auditLog).where(where),
    ]);
    return {
      items: items.map(({ log, organisationName }) => ({ ...log, organisationName })),
      total: totals?.total ?? 0,
    };
  }

  /**
   * Walks the chain in seq order, recomputing each row's hash from its stored fields, and
   * stops at the first row that does not fit: a missing seq, a prevHash that is not the
   * previous row's hash, or a hash that does not match the row's content. Rows appended
   * while this runs only extend the chain, so a live server needs no pause.
   */
  async verify(): Promise<AuditVerifyResult> {
    const { db } = this.database;
    let rows = 0;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    for (;;) {
      const page = await db
        .select()
        .from(auditLog)
        .where(gt(auditLog.seq, expectedSeq - 1))
        .orderBy(asc(auditLog.seq))
        .limit(VERIFY_PAGE);
      for (const row of page) {
        const reason =
          row.seq !== expectedSeq
            ? 'SEQ_GAP'
            : row.prevHash !== prevHash
              ? 'PREV_HASH_MISMATCH'
              : chainHash(prevHash, chainedFieldsOf(row)) !== row.hash
                ? 'HASH_MISMATCH'
                : null;
        if (reason) {
          return {
            ok: false,
            rows,
            firstBrokenSeq: row.seq,
            reason,
            row: { id: row.id, occurredAt: row.occurredAt, action: row.action },
            expectedSeq,
          };
        }
        rows += 1;
        expectedSeq += 1;
        prevHash = row.hash;
      }
      if (page.length < VERIFY_PAGE) return { ok: true, rows, headHash: prevHash };
    }
  }
}
