import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The audit trail: append-only (UPDATE/DELETE/TRUNCATE refused by triggers, migration 0012),
 * one row per committed change, state-changing request and sign-in attempt. A row is written
 * in the same transaction as the change it records (modules/audit, D-audit-tx-1), unsealed;
 * the sealer then gives it its place in the hash chain in `audit_seals`, so this table is
 * never updated.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    /** Insertion order (an identity): the search's "newest first", not the chain's order. */
    entryNo: bigint('entry_no', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    id: text('id').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    actorUserId: text('actor_user_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    organisationId: text('organisation_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    requestId: text('request_id'),
    ipAddress: text('ip_address'),
    detail: jsonb('detail'),
    /**
     * The inserting transaction (pg_current_xact_id): the sealer looks only at rows of
     * transactions that may have committed since its last run (BRIN: nearly free to keep).
     */
    txId: bigint('tx_id', { mode: 'number' })
      .notNull()
      .default(sql`(pg_current_xact_id())::text::bigint`),
  },
  (t) => [
    index('audit_log_occurred_idx').on(t.occurredAt),
    // No index on actor_user_id: the search's actor filter ORs it with ILIKEs, which no
    // index serves, so it was never read (migration 0019, D-ledger-rows-1). The action
    // index serves the search's prefix filter where the collation is C (PGlite's).
    index('audit_log_action_idx').on(t.action),
    index('audit_log_tx_idx').using('brin', t.txId),
  ],
);

/**
 * The hash chain over audit_log, written only by the sealer (one at a time, advisory lock):
 * hash = SHA-256(prevHash + canonical row with this seq). Append-only like audit_log.
 */
export const auditSeals = pgTable('audit_seals', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  auditId: text('audit_id').notNull().unique(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true, mode: 'date' }).notNull(),
  /**
   * Every transaction below this id had ended when this seal's run looked: the next run
   * need not look at their rows again.
   */
  horizon: bigint('horizon', { mode: 'number' }).notNull(),
});
