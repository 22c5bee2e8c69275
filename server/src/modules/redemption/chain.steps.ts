/**
 * What every step of the redemption review chain shares: the caller, the submission row locked
 * for the step, the state machine's check (domain/redemption-chain.ts), the move itself (role,
 * status and the version the caller saw — two officials at once: exactly one takes effect), the
 * step's record (who, when, the comment, the documents' SHA-256) and the next department's inbox.
 * The acts themselves are in chain.operator-submission.ts, chain.bureau-review.ts,
 * chain.drc-summary.ts, chain.finance-payment.ts and chain.returns.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import type { Role } from '../../domain/permissions.js';
import {
  type RedemptionAction,
  type RedemptionStatus,
  transition,
} from '../../domain/redemption-chain.js';
import { AppError } from '../../errors.js';
import type { SignInService } from '../accounts/sign-in.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import type { RedemptionPackageService } from './package.service.js';

/** What the chain's acts need, handed in once by services.ts (RedemptionChainService). */
export interface ChainDeps {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  packages: RedemptionPackageService;
  signIn: SignInService;
  notifications: NotificationsService;
}

/** What a caller sends with a step: the version of the submission it saw, and a comment. */
export interface StepInput {
  version: number;
  comment?: string | undefined;
}

/** An approval, which asks for the authenticator code again. */
export interface ApprovalInput extends StepInput {
  totpCode?: string | undefined;
}

export interface Caller {
  userId: string;
  name: string;
  role: Role;
}

export interface SubmissionRow {
  id: string;
  settlement_year: number;
  round_no: number;
  build_id: string;
  status: RedemptionStatus;
  version: number;
  net_write_off: string;
  recognised: string | null;
  attested_by_name: string;
  attested_at: Date;
  declaration: string;
  workbook_sha256: string;
  pdf_sha256: string;
  sent_to_finance_at: Date | null;
  payment_due_on: string | null;
}

/** The page each role acts on (web/src/workspace/workspaces.ts and features.ts). */
const LINKS: Partial<Record<Role, string>> = {
  operator_staff: '/operator/redemption',
  operator_admin: '/operator-admin/redemption',
  data_bureau_reviewer: '/data-bureau/redemption-reviews',
  data_bureau_admin: '/data-bureau-admin/redemption-reviews',
  drc_officer: '/drc/redemption-summary',
  finance_officer: '/finance/payments',
};

export async function lockSubmission(tx: RawSql, submissionId: string): Promise<SubmissionRow> {
  const [row] = await tx.query<SubmissionRow>(
    'SELECT * FROM redemption_submissions WHERE id = $1 FOR UPDATE',
    [submissionId],
  );
  if (!row) throw new AppError('REDEMPTION_NOT_FOUND');
  return row;
}

export function allowedTo(
  status: RedemptionStatus,
  action: RedemptionAction,
  role: Role,
): RedemptionStatus {
  const outcome = transition(status, action, role);
  if (!outcome.ok) {
    throw new AppError(outcome.refusal === 'WRONG_ROLE' ? 'FORBIDDEN' : 'REDEMPTION_WRONG_STATUS');
  }
  return outcome.to;
}

/**
 * Locks, checks role, status and version, applies `effect`, moves the status, records the step —
 * in one transaction. The caller reads the submission's view afterwards.
 */
export async function moveSubmission(
  deps: Pick<ChainDeps, 'database' | 'clock'>,
  caller: Caller,
  submissionId: string,
  action: RedemptionAction,
  input: StepInput,
  effect: (tx: RawSql, submission: SubmissionRow) => Promise<void>,
): Promise<void> {
  await deps.database.raw.transaction(async (tx) => {
    const submission = await lockSubmission(tx, submissionId);
    const to = allowedTo(submission.status, action, caller.role);
    if (submission.version !== input.version) throw new AppError('REDEMPTION_STEP_CONFLICT');
    await effect(tx, submission);
    await tx.query(
      `UPDATE redemption_submissions SET status = $2, version = version + 1, updated_at = $3
        WHERE id = $1`,
      [submissionId, to, deps.clock.now()],
    );
    await recordStep(
      deps.clock,
      tx,
      submissionId,
      action,
      submission.status,
      to,
      caller,
      input.comment?.trim() || null,
      [submission.workbook_sha256, submission.pdf_sha256],
    );
  });
}

/** An approval: the authenticator code again (SignInService.confirm), then the move. */
export async function approveStep(
  deps: Pick<ChainDeps, 'database' | 'clock' | 'signIn'>,
  caller: Caller,
  submissionId: string,
  action: RedemptionAction,
  input: ApprovalInput,
  effect: (tx: RawSql, submission: SubmissionRow) => Promise<void>,
): Promise<void> {
  await deps.signIn.confirm(caller.userId, { totpCode: input.totpCode });
  await moveSubmission(deps, caller, submissionId, action, input, effect);
}

export async function recordStep(
  clock: Clock,
  tx: RawSql,
  submissionId: string,
  action: string,
  from: RedemptionStatus | null,
  to: RedemptionStatus,
  caller: Caller,
  comment: string | null,
  documents: string[],
): Promise<void> {
  await tx.query(
    `INSERT INTO redemption_steps (id, submission_id, action, from_status, to_status,
       actor_user_id, actor_name, actor_role, comment, documents_sha256, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      randomUUID(),
      submissionId,
      action,
      from,
      to,
      caller.userId,
      caller.name,
      caller.role,
      comment,
      documents,
      clock.now(),
    ],
  );
}

/** Inbox of every user of the department (or the operator), linking to their own page. */
export async function notifyDepartment(
  notifications: NotificationsService,
  tx: RawSql,
  to: 'operator' | 'data_bureau' | 'drc' | 'finance',
  input: { kind: string; title: string; body: string; dedupeKey: string },
): Promise<void> {
  const users = await tx.query<{ id: string; role: Role }>(
    to === 'operator'
      ? `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE o.kind = 'operator'`
      : `SELECT u.id, u.role FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE o.kind = 'department' AND o.department_code = $1`,
    to === 'operator' ? [] : [to],
  );
  for (const user of users) {
    await notifications.notifyUser(user.id, { ...input, link: LINKS[user.role] ?? null }, tx);
  }
}
