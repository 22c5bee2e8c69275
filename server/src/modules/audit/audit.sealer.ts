/**
 * The sealer: gives committed, unsealed audit rows their place in the hash chain
 * (D-audit-tx-2). Writers insert rows inside their own transactions and take no lock; only
 * the sealer orders them, one instance at a time (a transaction-scoped advisory lock, tried,
 * not waited for: a second instance finds it taken and leaves the work to the first), and
 * appends one `audit_seals` row per audit row: seq, prev hash, hash. audit_log itself is
 * never updated.
 *
 * Which rows to look at: each row carries its transaction's id (tx_id). Every transaction
 * below the snapshot's xmin had ended when a run looked, so its rows were visible then and
 * were sealed; the run stores that xmin as its horizon and the next run looks only at rows
 * at or above it (a BRIN range scan), whatever the table's size. A transaction still open
 * at the horizon keeps its rows above it and is sealed once it commits.
 *
 * Runs every couple of seconds in the scheduler (jobs/scheduler.ts), and on demand
 * (`npm run cli -- audit seal`, tests, the crash benchmark).
 */

import type { Database, RawSql } from '../../db/client.js';
import { runOutsideCommitScope } from '../../db/commit-scope.js';
import type { Clock } from '../../domain/clock.js';
import { chainHash, GENESIS_HASH } from './audit.chain.js';
import { type AuditRow, chainedFieldsOfRow } from './audit.rows.js';
import { auditRowsWritten } from './audit.writer.js';

/** Same key the chain writer used before 0012: one holder of the chain at a time. */
const AUDIT_SEAL_LOCK_KEY = 7_240_002;
const SEAL_BATCH = 2_000;

export interface SealRun {
  /** Rows sealed by this call. */
  sealed: number;
  /** Another instance held the sealer's lock: nothing was done. */
  busy: boolean;
}

export class AuditSealer {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  /** Seals everything committed so far, in batches; stops early if another sealer is at work. */
  async sealAll(): Promise<SealRun> {
    let sealed = 0;
    for (;;) {
      const run = await this.sealBatch();
      sealed += run.sealed;
      if (run.busy || run.sealed < SEAL_BATCH) return { sealed, busy: run.busy };
    }
  }

  /** One transaction: up to SEAL_BATCH rows, in insertion order. */
  sealBatch(): Promise<SealRun> {
    return runOutsideCommitScope(() =>
      this.database.raw.transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1) AS ok',
          [AUDIT_SEAL_LOCK_KEY],
        );
        if (!lock?.ok) return { sealed: 0, busy: true };
        return this.sealLocked(tx);
      }),
    );
  }

  private async sealLocked(tx: RawSql): Promise<SealRun> {
    const [head] = await tx.query<{ seq: string; hash: string; horizon: string }>(
      'SELECT seq, hash, horizon FROM audit_seals ORDER BY seq DESC LIMIT 1',
    );
    const horizon = head ? BigInt(head.horizon) : 0n;
    // Before the rows are read: every transaction below it has ended, so the read sees them all.
    const [snapshot] = await tx.query<{ xmin: string }>(
      'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    const rows = await tx.query<AuditRow>(
      `SELECT a.* FROM audit_log a
        WHERE a.tx_id >= $1
          AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)
        ORDER BY a.entry_no
        LIMIT $2`,
      [horizon.toString(), SEAL_BATCH],
    );
    // A full batch may have left rows of older transactions behind: keep the old horizon.
    const nextHorizon =
      rows.length < SEAL_BATCH ? BigInt(snapshot?.xmin ?? horizon.toString()) : horizon;
    if (rows.length === 0) return { sealed: 0, busy: false };
    let seq = head ? Number(head.seq) : 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const seals: { seq: number; auditId: string; prevHash: string; hash: string }[] = [];
    for (const row of rows) {
      seq += 1;
      const hash = chainHash(prevHash, chainedFieldsOfRow(row, seq));
      seals.push({ seq, auditId: row.id, prevHash, hash });
      prevHash = hash;
    }
    await tx.query(
      `INSERT INTO audit_seals (seq, audit_id, prev_hash, hash, sealed_at, horizon)
       SELECT s.seq, s."auditId", s."prevHash", s.hash, $2, $3
         FROM jsonb_to_recordset($1::jsonb)
           AS s(seq bigint, "auditId" text, "prevHash" text, hash text)`,
      [JSON.stringify(seals), this.clock.now().toISOString(), nextHorizon.toString()],
    );
    return { sealed: rows.length, busy: false };
  }
}

/** Sealing runs at least this often, for rows other instances (or SQL callers) wrote. */
const SEAL_AT_LEAST_EVERY_MS = 60_000;

/**
 * Seals every couple of seconds until stopped — when this process has written audit rows since
 * the last run, and at least once a minute regardless (rows of other instances); an idle server
 * does no sealing work (on the embedded database every query runs on the server's own thread).
 * A failed run is retried at the next tick.
 */
export function startSealing(
  sealer: AuditSealer,
  options: { everyMs?: number; onError?: (error: unknown) => void } = {},
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let seenWrites = -1;
  let lastRunAt = 0;
  const timer = setInterval(() => {
    if (running) return;
    const writes = auditRowsWritten();
    if (writes === seenWrites && Date.now() - lastRunAt < SEAL_AT_LEAST_EVERY_MS) return;
    lastRunAt = Date.now();
    running = sealer
      .sealAll()
      .then(() => {
        seenWrites = writes;
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  }, options.everyMs ?? 2_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
