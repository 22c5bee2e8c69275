/**
 * Monthly operation reports (第十四条): one report per calendar month of the programme's time
 * zone, drafted by the operator and reviewed by the Data Bureau in rounds. Part (a) — the
 * operator's own resource-usage figures — is stored here as exact decimals (numeric, never
 * floating point); parts (b) and (c) are computed from the platform's tables and the ledger
 * and frozen, with the control totals, in each submitted round's snapshot.
 */
import { sql } from 'drizzle-orm';
import {
  check,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { users } from './auth.js';
import { files } from './enterprise-journey.js';
import { organisations } from './organisations.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const monthlyReports = pgTable(
  'monthly_reports',
  {
    /** 'YYYY-MM' in the programme's time zone: one report per month. */
    month: text('month').primaryKey(),
    status: text('status', {
      enum: ['draft', 'submitted', 'returned', 'archived'],
    }).notNull(),
    operatorId: text('operator_id')
      .notNull()
      .references(() => organisations.id),
    // Part (a): null until entered; all must be present to submit.
    vcpuCoreHours: numeric('vcpu_core_hours', { precision: 16, scale: 2 }),
    memoryGibHours: numeric('memory_gib_hours', { precision: 16, scale: 2 }),
    blockStorageTbMonths: numeric('block_storage_tb_months', { precision: 14, scale: 3 }),
    objectStorageTbMonths: numeric('object_storage_tb_months', { precision: 14, scale: 3 }),
    bandwidthPeakMbps: numeric('bandwidth_peak_mbps', { precision: 12, scale: 2 }),
    trafficTb: numeric('traffic_tb', { precision: 14, scale: 3 }),
    securityInstances: integer('security_instances'),
    commentary: text('commentary').notNull().default(''),
    /** Rounds submitted so far (0 while a first draft). */
    currentRound: integer('current_round').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    check('monthly_reports_month_format', sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check(
      'monthly_reports_usage_non_negative',
      sql`coalesce(${t.vcpuCoreHours}, 0) >= 0 AND coalesce(${t.memoryGibHours}, 0) >= 0
        AND coalesce(${t.blockStorageTbMonths}, 0) >= 0 AND coalesce(${t.objectStorageTbMonths}, 0) >= 0
        AND coalesce(${t.bandwidthPeakMbps}, 0) >= 0 AND coalesce(${t.trafficTb}, 0) >= 0
        AND coalesce(${t.securityInstances}, 0) >= 0`,
    ),
  ],
);

/** Every submission of a report, with its frozen snapshot, documents and the decision on it. */
export const monthlyReportRounds = pgTable(
  'monthly_report_rounds',
  {
    id: text('id').primaryKey(),
    month: text('month')
      .notNull()
      .references(() => monthlyReports.month),
    roundNo: integer('round_no').notNull(),
    submittedBy: text('submitted_by')
      .notNull()
      .references(() => users.id),
    submittedByName: text('submitted_by_name').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    /** The due date in force at submission ('YYYY-MM-DD') and the calendar days past it. */
    dueDate: text('due_date').notNull(),
    lateDays: integer('late_days').notNull(),
    /** The snapshot exactly as hashed (text, not jsonb, which would reorder its keys). */
    snapshotJson: text('snapshot_json').notNull(),
    jsonSha256: text('json_sha256').notNull(),
    xlsxFileId: text('xlsx_file_id')
      .notNull()
      .references(() => files.id),
    xlsxSha256: text('xlsx_sha256').notNull(),
    pdfFileId: text('pdf_file_id')
      .notNull()
      .references(() => files.id),
    pdfSha256: text('pdf_sha256').notNull(),
    decision: text('decision', { enum: ['archived', 'returned'] }),
    reviewedBy: text('reviewed_by').references(() => users.id),
    reviewedByName: text('reviewed_by_name'),
    reason: text('reason'),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    unique('monthly_report_rounds_month_round_uq').on(t.month, t.roundNo),
    check('monthly_report_rounds_late_days', sql`${t.lateDays} >= 0`),
    check(
      'monthly_report_rounds_return_reason',
      sql`${t.decision} IS DISTINCT FROM 'returned' OR length(${t.reason}) > 0`,
    ),
  ],
);

/** Which reminder days a month has had: the job sends each (month, day) at most once. */
export const monthlyReportReminders = pgTable(
  'monthly_report_reminders',
  {
    month: text('month').notNull(),
    /** The local day the reminder is for ('YYYY-MM-DD'). */
    day: text('day').notNull(),
    kind: text('kind', { enum: ['due-soon', 'overdue'] }).notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.day] })],
);
