/**
 * What a monthly report looks like: its status, the computed parts (b) and (c), the snapshot a
 * submitted round freezes, and the summary, detail and round views the pages show; with the
 * rows they are read from and the pure functions that turn one into the other. Nothing here
 * reads the database: that is monthly-reports.service.ts (draft, review, reading) and
 * monthly-reports.submission.ts (computing, reconciling and freezing a round).
 */
import {
  type ControlRow,
  type Discrepancy,
  dueDateOf,
  formatMonth,
  lateDaysAt,
  type YearMonth,
} from '../../domain/monthly-report.js';
import type { AdoptionRow, VoucherUsage } from './monthly-reports.query.js';
import type { UsageFigures } from './monthly-reports.usage.js';

export type ReportStatus = 'draft' | 'submitted' | 'returned' | 'archived';
export type DocumentKind = 'json' | 'xlsx' | 'pdf';

export interface ComputedParts {
  window: { start: string; end: string };
  adoption: AdoptionRow[];
  vouchers: VoucherUsage;
  /** By star, then the total row (star 0). */
  controls: ControlRow[];
  reconciliation: { ok: boolean; discrepancies: Discrepancy[] };
}

/** What a submitted round freezes (its JSON is hashed as stored, key order as built here). */
export interface ReportSnapshot extends ComputedParts {
  month: string;
  timeZone: string;
  programme: { title: string; documentNumber: string; policyVersion: string };
  roundNo: number;
  submittedAt: string;
  submittedBy: string;
  dueDate: string;
  lateDays: number;
  usage: UsageFigures;
  commentary: string;
}

export interface RoundView {
  roundNo: number;
  submittedBy: string;
  submittedAt: string;
  dueDate: string;
  lateDays: number;
  decision: 'archived' | 'returned' | null;
  reviewedBy: string | null;
  reason: string | null;
  decidedAt: string | null;
  documents: Array<{ kind: DocumentKind; name: string; sha256: string; url: string }>;
}

export interface ReportSummary {
  month: string;
  /** 'not-started' while no draft exists. */
  status: ReportStatus | 'not-started';
  monthState: 'current' | 'ended';
  dueDate: string;
  roundNo: number;
  submittedAt: string | null;
  /** Of the first submission; null until then. */
  lateDays: number | null;
  /** Days past the due date with nothing submitted yet (0 otherwise). */
  overdueDays: number;
  updatedAt: string | null;
}

export interface ReportDetail extends ReportSummary {
  usage: UsageFigures;
  commentary: string;
  updatedBy: string | null;
  /** The frozen snapshot of the latest round while submitted or archived; computed now otherwise. */
  parts: ComputedParts;
  frozen: boolean;
  rounds: RoundView[];
}

export interface Caller {
  userId: string;
  name: string;
  organisationId: string;
}

export interface ReportRow {
  month: string;
  status: ReportStatus;
  operator_id: string;
  vcpu_core_hours: string | null;
  memory_gib_hours: string | null;
  block_storage_tb_months: string | null;
  object_storage_tb_months: string | null;
  bandwidth_peak_mbps: string | null;
  traffic_tb: string | null;
  security_instances: number | null;
  commentary: string;
  current_round: number;
  updated_by_name: string | null;
  updated_at: Date;
}

export interface RoundRow {
  round_no: number;
  submitted_by_name: string;
  submitted_at: Date;
  due_date: string;
  late_days: number;
  snapshot_json: string;
  json_sha256: string;
  xlsx_file_id: string;
  xlsx_sha256: string;
  pdf_file_id: string;
  pdf_sha256: string;
  decision: 'archived' | 'returned' | null;
  reviewed_by_name: string | null;
  reason: string | null;
  decided_at: Date | null;
}

export const iso = (value: Date | string) => new Date(value).toISOString();

export function documentName(month: string, roundNo: number, kind: DocumentKind): string {
  return `月度运营报告-${month}-第${roundNo}次提交.${kind}`;
}

export const usageOf = (row: ReportRow | undefined): UsageFigures => ({
  vcpuCoreHours: row?.vcpu_core_hours ?? null,
  memoryGibHours: row?.memory_gib_hours ?? null,
  blockStorageTbMonths: row?.block_storage_tb_months ?? null,
  objectStorageTbMonths: row?.object_storage_tb_months ?? null,
  bandwidthPeakMbps: row?.bandwidth_peak_mbps ?? null,
  trafficTb: row?.traffic_tb ?? null,
  securityInstances: row?.security_instances ?? null,
});

/** A month's line in the list: its status, due date, lateness and the latest activity. */
export function summaryOf(
  period: YearMonth,
  row: ReportRow | undefined,
  firstLate: number | null,
  lastSubmittedAt: Date | string | null,
  context: { state: 'current' | 'ended'; dueDay: number; timeZone: string; now: Date },
): ReportSummary {
  const dueDate = dueDateOf(period, context.dueDay);
  const submitted = Boolean(row && row.current_round > 0);
  return {
    month: formatMonth(period),
    status: row?.status ?? 'not-started',
    monthState: context.state,
    dueDate,
    roundNo: row?.current_round ?? 0,
    submittedAt: lastSubmittedAt ? iso(lastSubmittedAt) : null,
    lateDays: submitted ? firstLate : null,
    overdueDays: submitted ? 0 : lateDaysAt(dueDate, context.now, context.timeZone),
    updatedAt: row ? iso(row.updated_at) : null,
  };
}

export function snapshotOf(round: RoundRow): ReportSnapshot {
  return JSON.parse(round.snapshot_json) as ReportSnapshot;
}

export function pickParts(snapshot: ReportSnapshot): ComputedParts {
  return {
    window: snapshot.window,
    adoption: snapshot.adoption,
    vouchers: snapshot.vouchers,
    controls: snapshot.controls,
    reconciliation: snapshot.reconciliation,
  };
}

export function presentRound(month: string, round: RoundRow): RoundView {
  const url = (kind: DocumentKind) =>
    `/api/monthly-reports/${month}/rounds/${round.round_no}/documents/${kind}`;
  return {
    roundNo: round.round_no,
    submittedBy: round.submitted_by_name,
    submittedAt: iso(round.submitted_at),
    dueDate: round.due_date,
    lateDays: round.late_days,
    decision: round.decision,
    reviewedBy: round.reviewed_by_name,
    reason: round.reason,
    decidedAt: round.decided_at ? iso(round.decided_at) : null,
    documents: (
      [
        ['json', round.json_sha256],
        ['xlsx', round.xlsx_sha256],
        ['pdf', round.pdf_sha256],
      ] as const
    ).map(([kind, hash]) => ({
      kind,
      name: documentName(month, round.round_no, kind),
      sha256: hash,
      url: url(kind),
    })),
  };
}
