/**
 * Writes audit rows, unsealed: the sealer (audit.sealer.ts) gives them their place in the
 * hash chain shortly after, so a writer takes no lock and may write inside any transaction.
 *
 * Two ways in:
 *  - `recordAudit(tx, …)`: inside the caller's transaction, so the row commits or vanishes
 *    with the change it records. The commit scope (audit.scope.ts) does this for every
 *    transaction of an audited request or job; code need not call it itself.
 *  - `AuditWriter.append`: a row of its own, for what commits nothing (a refusal, a denial,
 *    a sign-in attempt, a CLI command's record). Appends are queued and written in batches,
 *    one statement per batch (group commit); `append` resolves once the row is durable.
 */
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { uuid7 } from '../../lib/uuid7.js';

const MAX_BATCH = 500;

export interface AuditEntry {
  actorUserId?: string | null;
  actorName?: string | null;
  actorRole?: string | null;
  organisationId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId?: string | null;
  ipAddress?: string | null;
  detail?: Record<string, unknown> | null;
}

/**
 * Rows this process has written (or handed to SQL to write) since it started: the sealer's
 * hint that there may be something to seal, so an idle server does no sealing work.
 */
let written = 0;
export function auditRowsWritten(): number {
  return written;
}
export function countAuditRowsWritten(n = 1): void {
  written += n;
}

/** The jsonb argument of the SQL function audit_record (migration 0012). */
export function auditRecordArgument(entry: AuditEntry, occurredAt: Date): Record<string, unknown> {
  return {
    // In time order, not random: cheaper for the id's unique index (lib/uuid7.ts).
    id: uuid7(),
    occurredAt: occurredAt.toISOString(),
    actorUserId: entry.actorUserId ?? null,
    actorName: entry.actorName ?? null,
    actorRole: entry.actorRole ?? null,
    organisationId: entry.organisationId ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome,
    requestId: entry.requestId ?? null,
    ipAddress: entry.ipAddress ?? null,
    detail: entry.detail ?? null,
  };
}

/**
 * Inserts one unsealed row inside `tx` and returns its id. With `onlyIfWritten`, only when
 * the transaction has changed something (it holds a transaction id): a transaction that only
 * read records nothing.
 */
export async function recordAudit(
  tx: RawSql,
  entry: AuditEntry,
  occurredAt: Date,
  options: { onlyIfWritten?: boolean } = {},
): Promise<string | null> {
  const argument = JSON.stringify(auditRecordArgument(entry, occurredAt));
  const [row] = await tx.query<{ id: string }>(
    options.onlyIfWritten
      ? 'SELECT audit_record($1::jsonb) AS id WHERE pg_current_xact_id_if_assigned() IS NOT NULL'
      : 'SELECT audit_record($1::jsonb) AS id',
    [argument],
  );
  if (row) countAuditRowsWritten();
  return row?.id ?? null;
}

interface Pending {
  entry: AuditEntry;
  occurredAt: Date;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AuditWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** `occurredAt`: when it happened, for an entry written late (AuditBacklog); default now. */
  append(entry: AuditEntry, occurredAt?: Date): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, occurredAt: occurredAt ?? this.clock.now(), resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves when everything queued so far is written (used at shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.database.raw.query(
            // One statement per batch; the set function yields the entries in order.
            'SELECT audit_record(e) FROM jsonb_array_elements($1::jsonb) AS t(e)',
            [JSON.stringify(batch.map((p) => auditRecordArgument(p.entry, p.occurredAt)))],
          );
          countAuditRowsWritten(batch.length);
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
