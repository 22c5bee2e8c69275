/**
 * The annual redemption package (第十五条): the operator's materials for one settlement year —
 * the calendar year, in the programme's time zone, in which write-offs happened — generated from
 * the ledger as a background build with progress. A build is either a preview (as of now, during
 * the year) or final (as of the year's end, only once the year has ended); only a final build can
 * be attested and submitted. Each build keeps its documents (Excel and PDF, in `files`) with their
 * SHA-256, its totals, and one line per voucher used in the year with the cross-check exceptions
 * found on it: the Data Bureau reviews those lines (第十六条).
 *
 * Owned by modules/redemption (package generation). The review chain keeps its own tables and
 * refers to a build and its lines.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { files } from './enterprise-journey.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const fen = (name: string) => bigint(name, { mode: 'number' });

export const redemptionBuilds = pgTable(
  'redemption_builds',
  {
    id: text('id').primaryKey(),
    settlementYear: integer('settlement_year').notNull(),
    /** `preview`: as of the moment it was asked for; `final`: as of the year's end. */
    kind: text('kind', { enum: ['preview', 'final'] }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    /** 0–100, updated while the build streams the year's rows. */
    progress: integer('progress').notNull().default(0),
    /** The ledger cut-off: transfers effective before this instant are included. */
    asOf: ts('as_of').notNull(),
    requestedBy: text('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: ts('requested_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** A stable error code when the build failed. */
    errorCode: text('error_code'),
    /** Totals by star level and by category, figures in fen (the 兑付汇总 sheet). */
    totals: jsonb('totals'),
    netWriteOff: fen('net_write_off'),
    voucherCount: integer('voucher_count'),
    transferCount: integer('transfer_count'),
    exceptionCount: integer('exception_count'),
    workbookFileId: text('workbook_file_id').references(() => files.id),
    workbookSha256: text('workbook_sha256'),
    pdfFileId: text('pdf_file_id').references(() => files.id),
    pdfSha256: text('pdf_sha256'),
  },
  (t) => [
    index('redemption_builds_year_idx').on(t.settlementYear, t.requestedAt),
    check('redemption_builds_progress_range', sql`${t.progress} BETWEEN 0 AND 100`),
    check('redemption_builds_year_range', sql`${t.settlementYear} BETWEEN 2000 AND 2999`),
  ],
);

/** One line per voucher used (deducted or reversed) in the settlement year, per build. */
export const redemptionLines = pgTable(
  'redemption_lines',
  {
    buildId: text('build_id')
      .notNull()
      .references(() => redemptionBuilds.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    voucherId: text('voucher_id').notNull(),
    enterpriseId: text('enterprise_id').notNull(),
    creditCode: text('credit_code').notNull(),
    enterpriseName: text('enterprise_name').notNull(),
    star: integer('star').notNull(),
    listYear: integer('list_year').notNull(),
    granted: fen('granted').notNull(),
    deducted: fen('deducted').notNull(),
    reversed: fen('reversed').notNull(),
    /** deducted − reversed within the settlement year: what the operator asks to be paid. */
    netWriteOff: fen('net_write_off').notNull(),
    voided: fen('voided').notNull(),
    balanceAtYearEnd: fen('balance_at_year_end').notNull(),
    /** Stable exception codes found by the cross-checks (empty when the line is clean). */
    exceptionCodes: text('exception_codes').array().notNull().default(sql`'{}'::text[]`),
    /** Anomaly flags (warnings for the reviewer, not rule breaches); empty when none. */
    warningCodes: text('warning_codes').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    primaryKey({ columns: [t.buildId, t.lineNo] }),
    unique('redemption_lines_build_voucher').on(t.buildId, t.voucherId),
  ],
);
