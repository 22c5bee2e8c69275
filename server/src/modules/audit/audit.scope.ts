/**
 * The audit row of a committed change, written inside the change's own transaction
 * (issue 9 item 3, D-audit-tx-1). An audited request or a scheduled job runs in an audit
 * scope (db/commit-scope.ts); every transaction opened within it — by any service, through
 * RawDb.transaction or Drizzle's db.transaction — writes the scope's row just before COMMIT,
 * if it changed anything. So the row and the change commit together or not at all, and a
 * service does not have to remember to audit.
 *
 *  - A request writes one row: in the first of its transactions that commits a change. What
 *    the handler knows by then (request.audit: target, detail) is in it; a service that
 *    learns more inside its transaction (the new claim's id, the budget after the raise)
 *    adds it with `noteAudit` before it returns. If the handler adds something after the
 *    commit, or the answer turns out to be an error, the request hook (http/access.ts) writes
 *    a second, request-level row pointing at the first (`recordedAs`).
 *  - A job writes one row per transaction that changed something, with what the job noted
 *    in that transaction (`noteAudit`), so a job working in batches leaves one row a batch.
 */

import type { RawSql } from '../../db/client.js';
import type { CommitScope } from '../../db/commit-scope.js';
import { currentCommitScope, runInCommitScope } from '../../db/commit-scope.js';
import type { Clock } from '../../domain/clock.js';
import { canonicalJson } from './audit.chain.js';
import {
  type AuditEntry,
  auditRecordArgument,
  countAuditRowsWritten,
  recordAudit,
} from './audit.writer.js';

/** What a service may add to the row of the transaction it is in. */
export interface AuditNote {
  targetType?: string;
  targetId?: string;
  /** Merged into the row's detail. */
  detail?: Record<string, unknown>;
  /**
   * The answer the caller will get, when it is decided inside the transaction (a refusal
   * stored with an idempotency key): 4xx/5xx makes the row's outcome `failure`.
   */
  status?: number;
}

interface Noting {
  note(note: AuditNote): void;
}

interface Handing {
  handOver(status: number | undefined): Record<string, unknown> | null;
}

interface Settling {
  settleHandedOver(written: boolean): void;
}

/**
 * For SQL that writes the audit row itself (a PL/pgSQL function calling `audit_record`, so
 * that a deduction stays one round trip): the jsonb argument to pass it, with the row's id;
 * the scope then writes nothing more for this transaction. Null outside a request scope, or
 * when the request's row is already committed. Call it inside the transaction.
 */
export function auditRecordForSql(status?: number): Record<string, unknown> | null {
  const scope = currentCommitScope() as (CommitScope & Partial<Handing>) | undefined;
  return scope?.handOver?.(status) ?? null;
}

/**
 * After SQL given `auditRecordForSql`'s argument ran on its own (one statement, its own
 * transaction): whether it committed and wrote the row. If it did, the request's row is
 * recorded; if not (it was refused, replayed or failed), the row is the request hook's to write.
 */
export function auditWrittenBySql(written: boolean): void {
  const scope = currentCommitScope() as (CommitScope & Partial<Settling>) | undefined;
  scope?.settleHandedOver?.(written);
}

/**
 * Adds to the audit row of the current transaction's scope; nothing outside a scope (a
 * command-line tool, a test calling a service directly). Call it inside the transaction.
 */
export function noteAudit(note: AuditNote): void {
  const scope = currentCommitScope() as (CommitScope & Partial<Noting>) | undefined;
  scope?.note?.(note);
}

/** The comparable part of an entry: what a second row would add. */
export function auditSubstance(entry: AuditEntry): string {
  return canonicalJson({
    outcome: entry.outcome,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    detail: entry.detail ?? null,
  });
}

export function outcomeOf(status: number): AuditEntry['outcome'] {
  return status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure';
}

/**
 * The scope of one audited request. `build(status)` makes the row from the request as it is
 * at that moment (actor, action, request.audit); the status is the one noted inside the
 * transaction, else the route's declared success status.
 */
export class RequestAuditScope implements CommitScope, Noting, Handing, Settling {
  /** The row that committed with the request's first change, once there is one. */
  recorded: { id: string; entry: AuditEntry } | null = null;
  private pending: { id: string; entry: AuditEntry } | null = null;
  /** Handed to SQL that writes it itself (auditRecordForSql). */
  private handed: { id: string; entry: AuditEntry } | null = null;
  private status: number | undefined;

  constructor(
    private readonly build: (status: number | undefined) => AuditEntry | null,
    private readonly annotate: (note: AuditNote) => void,
    private readonly clock: Clock,
  ) {}

  note(note: AuditNote): void {
    if (note.status !== undefined) this.status = note.status;
    this.annotate(note);
  }

  handOver(status: number | undefined): Record<string, unknown> | null {
    if (this.recorded) return null;
    if (status !== undefined) this.status = status;
    const entry = this.build(this.status);
    if (!entry) return null;
    const argument = auditRecordArgument(entry, this.clock.now());
    this.handed = { id: String(argument.id), entry };
    countAuditRowsWritten();
    return argument;
  }

  settleHandedOver(written: boolean): void {
    if (written && this.handed) this.recorded ??= this.handed;
    this.handed = null;
  }

  async beforeCommit(tx: RawSql): Promise<void> {
    if (this.recorded) return;
    if (this.handed) {
      this.pending = this.handed;
      this.handed = null;
      return;
    }
    const entry = this.build(this.status);
    if (!entry) return;
    const id = await recordAudit(tx, entry, this.clock.now(), { onlyIfWritten: true });
    this.pending = id ? { id, entry } : null;
  }

  committed(): void {
    this.recorded ??= this.pending;
    this.pending = null;
  }

  rolledBack(): void {
    this.pending = null;
    this.handed = null;
    this.status = undefined;
  }
}

/** The scope of one run of a scheduled job: a row per transaction that changed something. */
export class JobAuditScope implements CommitScope, Noting {
  private notes: AuditNote = {};
  /** Rows committed by this run. */
  recorded = 0;
  private pending = false;

  constructor(
    private readonly action: string,
    private readonly job: string,
    private readonly clock: Clock,
  ) {}

  note(note: AuditNote): void {
    this.notes = { ...this.notes, ...note, detail: { ...this.notes.detail, ...note.detail } };
  }

  async beforeCommit(tx: RawSql): Promise<void> {
    const { targetType, targetId, detail } = this.notes;
    this.notes = {};
    const id = await recordAudit(
      tx,
      {
        actorName: 'system',
        actorRole: 'system',
        action: this.action,
        targetType: targetType ?? null,
        targetId: targetId ?? null,
        outcome: 'success',
        detail: { job: this.job, ...detail },
      },
      this.clock.now(),
      { onlyIfWritten: true },
    );
    this.pending = id !== null;
  }

  committed(): void {
    if (this.pending) this.recorded += 1;
    this.pending = false;
  }

  rolledBack(): void {
    this.pending = false;
    this.notes = {};
  }
}

/** Runs a job's body in its audit scope. */
export function runAudited<T>(scope: JobAuditScope, fn: () => Promise<T>): Promise<T> {
  return runInCommitScope(scope, fn);
}
