/**
 * Appends audit rows. Appends are queued and written in batches, each batch in one
 * transaction under an advisory lock, so the chain stays a single line across instances
 * while a busy server pays one round of locking per batch rather than per row (group commit).
 * `append` resolves once the row is durable: routes await it before answering.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { type ChainedFields, chainHash, GENESIS_HASH } from './audit.chain.js';

const AUDIT_LOCK_KEY = 7_240_002;
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
          await this.writeBatch(batch);
          for (const item of batch) item.resolve();
        } catch (error) {
          for (const item of batch) item.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    await this.database.raw.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const [head] = await tx.query<{ seq: string | number; hash: string }>(
        'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
      );
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (const { entry, occurredAt } of batch) {
        seq += 1;
        const row: ChainedFields = {
          seq,
          id: randomUUID(),
          occurredAt,
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
        const hash = chainHash(prevHash, row);
        const base = values.length;
        tuples.push(`(${Array.from({ length: 16 }, (_, i) => `$${base + i + 1}`).join(',')})`);
        values.push(
          row.seq,
          row.id,
          row.occurredAt.toISOString(),
          row.actorUserId,
          row.actorName,
          row.actorRole,
          row.organisationId,
          row.action,
          row.targetType,
          row.targetId,
          row.outcome,
          row.requestId,
          row.ipAddress,
          row.detail === null ? null : JSON.stringify(row.detail),
          prevHash,
          hash,
        );
        prevHash = hash;
      }
      await tx.query(
        `INSERT INTO audit_log (seq, id, occurred_at, actor_user_id, actor_name, actor_role,
           organisation_id, action, target_type, target_id, outcome, request_id, ip_address,
           detail, prev_hash, hash)
         VALUES ${tuples.join(',')}`,
        values,
      );
    });
  }
}
