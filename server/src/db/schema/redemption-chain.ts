/**
 * The review chain of a settlement year's redemption (第十五条 to 第十八条): the operator attests
 * and submits a final package build; the Data Bureau decides each line and approves (or returns);
 * the DRC sends the aggregate to Finance (or returns); Finance approves and records the payment.
 * One submission row per round: a return to the operator ends the round (`returned`) and the
 * operator submits a new build as the next round. Steps are append-only (a trigger refuses
 * changes, as for the ledger). Owned by modules/redemption (chain).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { redemptionBuilds } from './redemption.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

export const REDEMPTION_STATUSES = [
  /** With the Data Bureau: lines being decided. */
  'submitted',
  /** Returned to the operator; a new round (a new build) follows. Final for this row. */
  'returned',
  /** Approved by the Data Bureau and reported to the DRC. */
  'bureau-approved',
  /** Sent by the DRC to Finance; the payment is due by `payment_due_on`. */
  'sent-to-finance',
  /** Approved by Finance; the payment is to be recorded. */
  'finance-approved',
  /** Paid: the ledger moved the recognised amount redeemed → paid. Final. */
  'paid',
] as const;

export const redemptionSubmissions = pgTable(
  'redemption_submissions',
  {
    id: text('id').primaryKey(),
    settlementYear: integer('settlement_year').notNull(),
    roundNo: integer('round_no').notNull(),
    buildId: text('build_id')
      .notNull()
      .references(() => redemptionBuilds.id),
    status: text('status', { enum: REDEMPTION_STATUSES }).notNull(),
    /** Compare-and-set: every transition names the version it saw. */
    version: integer('version').notNull().default(1),
    /** The package's net write-off (what the operator asks to be paid). */
    netWriteOff: fen('net_write_off').notNull(),
    /** The Data Bureau's recognised amount, set when it approves. */
    recognised: fen('recognised'),
    attestedBy: text('attested_by').notNull(),
    attestedByName: text('attested_by_name').notNull(),
    attestedAt: ts('attested_at').notNull(),
    declaration: text('declaration').notNull(),
    workbookSha256: text('workbook_sha256').notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    sentToFinanceAt: ts('sent_to_finance_at'),
    /** 'YYYY-MM-DD' in the programme's time zone: DRC send date + policy paymentDueDays. */
    paymentDueOn: text('payment_due_on'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('redemption_submissions_year_idx').on(t.settlementYear, t.roundNo),
    // At most one round in progress per year (returned rounds are history).
    uniqueIndex('redemption_submissions_one_open_per_year')
      .on(t.settlementYear)
      .where(sql`${t.status} <> 'returned'`),
    check(
      'redemption_submissions_recognised_range',
      sql`${t.recognised} IS NULL OR (${t.recognised} >= 0 AND ${t.recognised} <= ${t.netWriteOff})`,
    ),
  ],
);

/** Who did what to a submission, when, with which comment and on which documents. Append-only. */
export const redemptionSteps = pgTable(
  'redemption_steps',
  {
    id: text('id').primaryKey(),
    /** Order of the steps, whatever their clock reads (two in the same millisecond). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    submissionId: text('submission_id')
      .notNull()
      .references(() => redemptionSubmissions.id),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorUserId: text('actor_user_id').notNull(),
    actorName: text('actor_name').notNull(),
    actorRole: text('actor_role').notNull(),
    comment: text('comment'),
    /** SHA-256 of the documents the step acted on (package workbook and PDF). */
    documentsSha256: text('documents_sha256').array().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('redemption_steps_submission_idx').on(t.submissionId, t.at)],
);

/** The Data Bureau's decision on one line (one voucher) of a submission. */
export const redemptionLineDecisions = pgTable(
  'redemption_line_decisions',
  {
    submissionId: text('submission_id')
      .notNull()
      .references(() => redemptionSubmissions.id),
    lineNo: integer('line_no').notNull(),
    decision: text('decision', { enum: ['accept', 'reject', 'reduce'] }).notNull(),
    recognised: fen('recognised').notNull(),
    reason: text('reason'),
    decidedBy: text('decided_by').notNull(),
    decidedByName: text('decided_by_name').notNull(),
    decidedAt: ts('decided_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.submissionId, t.lineNo] }),
    check('redemption_line_decisions_recognised', sql`${t.recognised} >= 0`),
  ],
);

/** Finance's payment of a submission: one at most. */
export const redemptionPayments = pgTable('redemption_payments', {
  submissionId: text('submission_id')
    .primaryKey()
    .references(() => redemptionSubmissions.id),
  amount: fen('amount').notNull(),
  /** 'YYYY-MM-DD': the payment voucher's date. */
  paidOn: text('paid_on').notNull(),
  /** 支付凭证号. */
  reference: text('reference').notNull(),
  transferId: text('transfer_id').notNull(),
  recordedBy: text('recorded_by').notNull(),
  recordedByName: text('recorded_by_name').notNull(),
  recordedAt: ts('recorded_at').notNull(),
});
