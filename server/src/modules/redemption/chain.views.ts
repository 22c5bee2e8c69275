/**
 * Reading the review chain: a submission as every page shows it (its counts, steps, payment and
 * whether the payment is overdue), the lists, the line decisions, and the open API's settlement
 * of a year (open-api.md “Statements and settlements”).
 */
import type { RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { publicSettlementStatus, type RedemptionStatus } from '../../domain/redemption-chain.js';
import { localDateString, localYear } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { SubmissionRow } from './chain.steps.js';
import type { RedemptionPackageService } from './package.service.js';

/** What reading needs: the clock and the policy in force (time zone, today's overdue). */
export interface ReadDeps {
  clock: Clock;
  policies: PoliciesService;
}

export interface SubmissionView {
  id: string;
  settlementYear: number;
  roundNo: number;
  buildId: string;
  status: RedemptionStatus;
  version: number;
  netWriteOff: number;
  recognised: number | null;
  /** Sum of the decisions so far (undecided lines count 0). */
  recognisedSoFar: number;
  lines: number;
  decidedLines: number;
  linesWithExceptions: number;
  attestedByName: string;
  attestedAt: string;
  declaration: string;
  workbookSha256: string;
  pdfSha256: string;
  sentToFinanceAt: string | null;
  paymentDueOn: string | null;
  overdue: boolean;
  payment: {
    amount: number;
    paidOn: string;
    reference: string;
    recordedByName: string;
    recordedAt: string;
  } | null;
  steps: Array<{
    action: string;
    fromStatus: string | null;
    toStatus: string;
    actorName: string;
    actorRole: string;
    comment: string | null;
    documentsSha256: string[];
    at: string;
  }>;
}

export async function view(
  deps: ReadDeps,
  sql: RawSql,
  submissionId: string,
): Promise<SubmissionView> {
  const [row] = await sql.query<SubmissionRow>(
    'SELECT * FROM redemption_submissions WHERE id = $1',
    [submissionId],
  );
  if (!row) throw new AppError('REDEMPTION_NOT_FOUND');
  const [counts] = await sql.query<{
    lines: string;
    exceptional: string;
    decided: string;
    so_far: string | null;
  }>(
    `SELECT (SELECT count(*) FROM redemption_lines WHERE build_id = $2) AS lines,
            (SELECT count(*) FROM redemption_lines WHERE build_id = $2 AND cardinality(exception_codes) > 0) AS exceptional,
            (SELECT count(*) FROM redemption_line_decisions WHERE submission_id = $1) AS decided,
            (SELECT sum(recognised) FROM redemption_line_decisions WHERE submission_id = $1) AS so_far`,
    [submissionId, row.build_id],
  );
  const steps = await sql.query<{
    action: string;
    from_status: string | null;
    to_status: string;
    actor_name: string;
    actor_role: string;
    comment: string | null;
    documents_sha256: string[];
    at: Date;
  }>('SELECT * FROM redemption_steps WHERE submission_id = $1 ORDER BY seq', [submissionId]);
  const [payment] = await sql.query<{
    amount: string;
    paid_on: string;
    reference: string;
    recorded_by_name: string;
    recorded_at: Date;
  }>('SELECT * FROM redemption_payments WHERE submission_id = $1', [submissionId]);
  const { timeZone } = (await deps.policies.inForce()).document;
  const today = localDateString(deps.clock.now(), timeZone);
  return {
    id: row.id,
    settlementYear: row.settlement_year,
    roundNo: row.round_no,
    buildId: row.build_id,
    status: row.status,
    version: row.version,
    netWriteOff: Number(row.net_write_off),
    recognised: row.recognised === null ? null : Number(row.recognised),
    recognisedSoFar: Number(counts?.so_far ?? 0),
    lines: Number(counts?.lines ?? 0),
    decidedLines: Number(counts?.decided ?? 0),
    linesWithExceptions: Number(counts?.exceptional ?? 0),
    attestedByName: row.attested_by_name,
    attestedAt: new Date(row.attested_at).toISOString(),
    declaration: row.declaration,
    workbookSha256: row.workbook_sha256,
    pdfSha256: row.pdf_sha256,
    sentToFinanceAt: row.sent_to_finance_at ? new Date(row.sent_to_finance_at).toISOString() : null,
    paymentDueOn: row.payment_due_on,
    overdue: row.payment_due_on !== null && row.status !== 'paid' && today > row.payment_due_on,
    payment: payment
      ? {
          amount: Number(payment.amount),
          paidOn: payment.paid_on,
          reference: payment.reference,
          recordedByName: payment.recorded_by_name,
          recordedAt: new Date(payment.recorded_at).toISOString(),
        }
      : null,
    steps: steps.map((step) => ({
      action: step.action,
      fromStatus: step.from_status,
      toStatus: step.to_status,
      actorName: step.actor_name,
      actorRole: step.actor_role,
      comment: step.comment,
      documentsSha256: step.documents_sha256,
      at: new Date(step.at).toISOString(),
    })),
  };
}

/** The submissions a role sees first: its own queue, then the rest, newest year first. */
export async function list(
  deps: ReadDeps,
  sql: RawSql,
  filter: { status?: RedemptionStatus | undefined },
): Promise<SubmissionView[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM redemption_submissions WHERE ($1::text IS NULL OR status = $1)
      ORDER BY settlement_year DESC, round_no DESC LIMIT 200`,
    [filter.status ?? null],
  );
  return Promise.all(rows.map((row) => view(deps, sql, row.id)));
}

/** The year's current round (or the last returned one), for the operator's page. */
export async function forYear(
  deps: ReadDeps,
  sql: RawSql,
  year: number,
): Promise<SubmissionView[]> {
  const rows = await sql.query<{ id: string }>(
    'SELECT id FROM redemption_submissions WHERE settlement_year = $1 ORDER BY round_no DESC',
    [year],
  );
  return Promise.all(rows.map((row) => view(deps, sql, row.id)));
}

/** The line decisions of a submission, by line number. */
export async function decisions(sql: RawSql, submissionId: string) {
  const rows = await sql.query<{
    line_no: number;
    decision: 'accept' | 'reject' | 'reduce';
    recognised: string;
    reason: string | null;
    decided_by_name: string;
    decided_at: Date;
  }>('SELECT * FROM redemption_line_decisions WHERE submission_id = $1 ORDER BY line_no', [
    submissionId,
  ]);
  return new Map(
    rows.map((row) => [
      Number(row.line_no),
      {
        decision: row.decision,
        recognised: Number(row.recognised),
        reason: row.reason,
        decidedByName: row.decided_by_name,
        decidedAt: new Date(row.decided_at).toISOString(),
      },
    ]),
  );
}

/** The open API's settlement of a year (open-api.md “Statements and settlements”). */
export async function settlement(
  deps: ReadDeps & { packages: RedemptionPackageService },
  sql: RawSql,
  year: number,
) {
  const now = deps.clock.now();
  const { timeZone } = (await deps.policies.inForce()).document;
  const ended = year < localYear(now, timeZone);
  const [net] = await sql.query<{ net: string | null }>(
    `SELECT sum(CASE WHEN kind = 'deduct' THEN amount ELSE -amount END) AS net
       FROM ledger_transfers WHERE settlement_year = $1 AND kind IN ('deduct', 'restore', 'reversal_void')`,
    [year],
  );
  const [current] = await sql.query<{ id: string }>(
    `SELECT id FROM redemption_submissions WHERE settlement_year = $1
      ORDER BY (status <> 'returned') DESC, round_no DESC LIMIT 1`,
    [year],
  );
  const submission = current ? await view(deps, sql, current.id) : null;
  const build = submission ? await deps.packages.get(submission.buildId) : null;
  const latestBuild = submission
    ? null
    : (await deps.packages.years()).find((y) => y.year === year)?.latestBuild;
  const paid = submission?.payment ?? null;
  return {
    year,
    status: publicSettlementStatus(submission?.status ?? null, ended),
    netWriteOff: Number(net?.net ?? 0),
    submitted: submission ? submission.netWriteOff : null,
    recognised: submission?.recognised ?? null,
    paid: paid?.amount ?? null,
    paidAt: paid ? paid.paidOn : null,
    paymentReference: paid?.reference ?? null,
    exceptions: (build ?? latestBuild)?.exceptionCount ?? 0,
    documents: submission
      ? [
          { name: `${year}年度资源券兑现材料.xlsx`, sha256: submission.workbookSha256 },
          { name: `${year}年度资源券兑付申请函.pdf`, sha256: submission.pdfSha256 },
        ]
      : [],
  };
}
