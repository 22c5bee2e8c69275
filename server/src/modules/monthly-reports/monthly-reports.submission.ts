/**
 * Submitting a month's report (管理员): the month has ended, part (a) is complete, and parts (b)
 * and (c) recomputed from the ledger reconcile with an independent reading of it. The round is
 * then frozen in the same transaction as the status change: the snapshot JSON, an Excel
 * workbook and a PDF, each stored with its SHA-256, and the days it was late. Also the
 * computation itself, which the detail page shows live for a month not yet frozen.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import {
  dueDateOf,
  formatMonth,
  lateDaysAt,
  monthState,
  monthWindow,
  reconcile,
  totalRow,
  type YearMonth,
} from '../../domain/monthly-report.js';
import { starName } from '../../domain/stars.js';
import { AppError } from '../../errors.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { FilesService } from '../files/files.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { reportPdf, reportWorkbook } from './monthly-reports.documents.js';
import {
  adoption,
  controlTotals,
  independentBalances,
  voucherUsage,
} from './monthly-reports.query.js';
import { USAGE_FIELDS, USAGE_LABELS } from './monthly-reports.usage.js';
import {
  type Caller,
  type ComputedParts,
  documentName,
  type ReportRow,
  type ReportSnapshot,
  usageOf,
} from './monthly-reports.views.js';

export interface SubmissionDeps {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  files: FilesService;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Parts (b), (c) and the control totals for a month, reconciled, computed now. */
export async function computeParts(
  policies: PoliciesService,
  period: YearMonth,
  sql: RawSql,
): Promise<ComputedParts> {
  const { timeZone } = (await policies.inForce(undefined, sql)).document;
  const { start, end } = monthWindow(period, timeZone);
  // One after another: `sql` is a transaction's single connection when a round is frozen, and
  // node-postgres deprecates overlapping queries on one client (they queue anyway).
  const adoptionRows = await adoption(sql, start, end);
  const vouchers = await voucherUsage(sql, start, end);
  const controls = await controlTotals(sql, start, end);
  const independent = await independentBalances(sql, start, end);
  const discrepancies = reconcile(controls, independent);
  return {
    window: { start: start.toISOString(), end: end.toISOString() },
    adoption: adoptionRows,
    vouchers,
    controls: [...controls, totalRow(controls)],
    reconciliation: { ok: discrepancies.length === 0, discrepancies },
  };
}

/**
 * Submits the report: the month has ended, part (a) is complete, the totals reconcile.
 * Freezes the round's snapshot and documents in the same transaction as the status change.
 */
export async function submitReport(
  deps: SubmissionDeps,
  caller: Caller,
  period: YearMonth,
): Promise<{ roundNo: number; lateDays: number }> {
  const month = formatMonth(period);
  const policy = await deps.policies.inForce();
  const { document } = policy;
  const now = deps.clock.now();
  const state = monthState(period, now, document.timeZone);
  if (state !== 'ended') {
    throw new AppError(
      state === 'not-started' ? 'PERIOD_NOT_STARTED' : 'MONTHLY_REPORT_MONTH_NOT_ENDED',
      `${month} 尚未结束，月度报告须在次月提交`,
    );
  }
  return deps.database.raw.transaction(async (tx) => {
    const [row] = await tx.query<ReportRow>(
      'SELECT * FROM monthly_reports WHERE month = $1 FOR UPDATE',
      [month],
    );
    if (!row) {
      throw new AppError('MONTHLY_REPORT_NOT_FOUND', `${month} 的月度报告尚未起草，请先填写并保存`);
    }
    if (row.status === 'submitted' || row.status === 'archived') {
      throw new AppError(
        'MONTHLY_REPORT_ALREADY_SUBMITTED',
        row.status === 'submitted'
          ? `${month} 的月度报告已提交，正在等待市数据局审核`
          : `${month} 的月度报告已存档备查`,
        { status: row.status },
      );
    }
    const usage = usageOf(row);
    const missing = USAGE_FIELDS.filter((field) => usage[field] === null);
    if (missing.length > 0) {
      throw new AppError(
        'MONTHLY_REPORT_INCOMPLETE',
        `请先填写第一部分的全部数据：${missing.map((field) => USAGE_LABELS[field]).join('、')}`,
        { missing },
        missing.map((field) => ({
          field: `body.${field}`,
          message: `请填写${USAGE_LABELS[field]}`,
        })),
      );
    }
    const parts = await computeParts(deps.policies, period, tx);
    if (!parts.reconciliation.ok) {
      throw new AppError('MONTHLY_REPORT_UNRECONCILED', describeDiscrepancies(parts), {
        discrepancies: parts.reconciliation.discrepancies,
      });
    }
    const roundNo = row.current_round + 1;
    const dueDate = dueDateOf(period, document.monthlyReportDueDay);
    const lateDays = lateDaysAt(dueDate, now, document.timeZone);
    const snapshot: ReportSnapshot = {
      month,
      timeZone: document.timeZone,
      programme: {
        title: document.title,
        documentNumber: document.documentNumber,
        policyVersion: document.version,
      },
      roundNo,
      submittedAt: now.toISOString(),
      submittedBy: caller.name,
      dueDate,
      lateDays,
      usage,
      commentary: row.commentary,
      ...parts,
    };
    const json = JSON.stringify(snapshot);
    const [xlsx, pdf] = await Promise.all([reportWorkbook(snapshot), reportPdf(snapshot)]);
    const store = (bytes: Buffer, kind: 'xlsx' | 'pdf', mediaType: string) =>
      deps.files.storeGenerated(
        {
          bytes,
          mediaType,
          originalName: documentName(month, roundNo, kind),
          purpose: 'monthly_report',
          organisationId: row.operator_id,
          uploadedBy: caller.userId,
        },
        tx,
      );
    const xlsxFile = await store(xlsx, 'xlsx', XLSX);
    const pdfFile = await store(pdf, 'pdf', 'application/pdf');
    // The submission's audit row commits with it (D-audit-tx-1).
    noteAudit({
      detail: {
        roundNo,
        lateDays,
        sha256: { json: sha256(json), xlsx: xlsxFile.sha256, pdf: pdfFile.sha256 },
      },
    });
    await tx.query(
      `INSERT INTO monthly_report_rounds (id, month, round_no, submitted_by, submitted_by_name,
         submitted_at, due_date, late_days, snapshot_json, json_sha256, xlsx_file_id, xlsx_sha256,
         pdf_file_id, pdf_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        randomUUID(),
        month,
        roundNo,
        caller.userId,
        caller.name,
        now,
        dueDate,
        lateDays,
        json,
        sha256(json),
        xlsxFile.id,
        xlsxFile.sha256,
        pdfFile.id,
        pdfFile.sha256,
      ],
    );
    await tx.query(
      `UPDATE monthly_reports SET status = 'submitted', current_round = $2, updated_at = $3
        WHERE month = $1`,
      [month, roundNo, now],
    );
    return { roundNo, lateDays };
  });
}

/** '四星级：期末可用余额与台账不符，差额 ¥0.01；…' for the refusal's detail. */
export function describeDiscrepancies(parts: ComputedParts): string {
  const what = {
    identity: '勾稽关系不平',
    opening: '期初可用余额与台账不符',
    closing: '期末可用余额与台账不符',
  };
  const lines = parts.reconciliation.discrepancies.map(
    (d) =>
      `${d.star === 0 ? '合计' : starName(d.star)}：${what[d.what]}，差额 ${formatYuan(d.difference)}`,
  );
  return `月度报告的控制合计与台账不一致，不能提交：${lines.join('；')}`;
}
