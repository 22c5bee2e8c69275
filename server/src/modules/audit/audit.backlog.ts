/**
 * Audit entries whose write failed because the database went away after the change they
 * record was already answered or committed (D-db-survival-2). The request that made the
 * change is answered with its committed result, not "failed"; its entry waits here, in
 * memory, and is written as soon as the database is back (tried every second while any wait).
 *
 * Bounded: past MAX_ENTRIES the oldest refusal/failure entry is let go first (they record
 * that nothing happened); a success entry is never dropped silently — if one must go, it is
 * logged in full at error level so an operator can restore it from the log. Shutdown makes
 * one last attempt and logs whatever is still here, in full.
 *
 * Small and local on purpose: once every audit row is written inside its business
 * transaction (issue 9, items 1–3), only the request-level entries are left to pass here.
 */
import type { FastifyBaseLogger } from 'fastify';
import { isDatabaseUnavailable, unavailabilityReason } from '../../db/availability.js';
import type { Clock } from '../../domain/clock.js';
import type { AuditEntry, AuditWriter } from './audit.writer.js';

const MAX_ENTRIES = 10_000;
const RETRY_EVERY_MS = 1_000;

interface Waiting {
  entry: AuditEntry;
  occurredAt: Date;
}

export class AuditBacklog {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly writer: AuditWriter,
    private readonly clock: Clock,
    private readonly log: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'>,
    private readonly limit = MAX_ENTRIES,
  ) {}

  /** Entries waiting to be written. */
  get size(): number {
    return this.waiting.length;
  }

  /**
   * Appends now if it can; if the database is unreachable, keeps the entry for later and
   * resolves (the change it records stands). Any other failure is thrown as before.
   */
  async append(entry: AuditEntry): Promise<void> {
    const occurredAt = this.clock.now();
    try {
      await this.writer.append(entry, occurredAt);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.keep({ entry, occurredAt }, unavailabilityReason(error));
    }
  }

  private keep(item: Waiting, reason: string): void {
    if (this.waiting.length >= this.limit) this.makeRoom();
    this.waiting.push(item);
    this.log.error(
      {
        reason,
        action: item.entry.action,
        outcome: item.entry.outcome,
        targetId: item.entry.targetId,
        requestId: item.entry.requestId,
        waiting: this.waiting.length,
      },
      'audit entry not written (database unavailable): kept in memory, written when the database returns',
    );
    this.timer ??= setInterval(() => void this.flush(), RETRY_EVERY_MS);
    this.timer.unref();
  }

  private makeRoom(): void {
    const index = this.waiting.findIndex((w) => w.entry.outcome !== 'success');
    const [dropped] = this.waiting.splice(Math.max(index, 0), 1);
    if (!dropped) return;
    const level = dropped.entry.outcome === 'success' ? 'error' : 'warn';
    this.log[level](
      { auditEntry: dropped.entry, occurredAt: dropped.occurredAt.toISOString() },
      'audit backlog full: this entry is NOT in the audit log (restore it from this line)',
    );
  }

  /** Writes what waits, oldest first, while the database answers. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.slice(0, 500);
      const results = await Promise.allSettled(
        batch.map((w) => this.writer.append(w.entry, w.occurredAt)),
      );
      // Written entries leave; the others stay, in order, for the next attempt.
      const kept = batch.filter((_, i) => results[i]?.status === 'rejected');
      this.waiting.splice(0, batch.length, ...kept);
      const written = batch.length - kept.length;
      if (written > 0) {
        this.log.info({ written, waiting: this.waiting.length }, 'audit backlog written');
      }
      if (kept.length > 0) {
        const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        if (!isDatabaseUnavailable(failure.reason)) {
          this.log.error({ err: failure.reason }, 'audit backlog: write failed, will retry');
        }
        return;
      }
    }
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** At shutdown: one last attempt, then whatever is left goes to the log in full. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    for (const w of this.waiting.splice(0)) {
      this.log.error(
        { auditEntry: w.entry, occurredAt: w.occurredAt.toISOString() },
        'audit entry could not be written before shutdown: NOT in the audit log (restore it from this line)',
      );
    }
  }
}
