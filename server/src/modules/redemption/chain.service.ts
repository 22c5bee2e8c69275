/**
 * The redemption review chain (第十五条 to 第十八条), the module's face for routes, the seed and
 * services.ts: the operator attests and submits a final package build
 * (chain.operator-submission.ts); the Data Bureau decides every line and approves — the recognised
 * amount is the sum of the accepted lines — (chain.bureau-review.ts); the DRC sends the aggregate
 * to Finance (chain.drc-summary.ts); Finance approves and records the payment, which must equal
 * the recognised amount and moves it `redeemed:<year>` → `paid:<year>` in the ledger
 * (chain.finance-payment.ts); any of the three may return it to the department before
 * (chain.returns.ts). Reading a submission, the lists and the open API's settlement:
 * chain.views.ts.
 *
 * Every step locks the submission row, checks the state machine (domain/redemption-chain.ts) and
 * the version the caller saw (two officials at once: exactly one takes effect), records who, when,
 * the comment and the documents' SHA-256, and notifies the next department — in one transaction
 * (chain.steps.ts). Each method here does its act, then answers the submission as it now reads.
 */
import type { RawSql } from '../../db/client.js';
import type { RedemptionStatus } from '../../domain/redemption-chain.js';
import * as bureauReview from './chain.bureau-review.js';
import * as drcSummary from './chain.drc-summary.js';
import * as financePayment from './chain.finance-payment.js';
import * as operatorSubmission from './chain.operator-submission.js';
import * as returns from './chain.returns.js';
import type { ApprovalInput, Caller, ChainDeps, StepInput } from './chain.steps.js';
import type { SubmissionView } from './chain.views.js';
import * as views from './chain.views.js';

export class RedemptionChainService {
  constructor(private readonly deps: ChainDeps) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  // ── The operator ─────────────────────────────────────────────────────────────────────────

  /** Attest and submit a final build: a fresh password and authenticator code, and the promise. */
  async submit(
    caller: Caller,
    year: number,
    input: operatorSubmission.SubmissionInput,
  ): Promise<SubmissionView> {
    return this.view(await operatorSubmission.submit(this.deps, caller, year, input));
  }

  // ── The Data Bureau ──────────────────────────────────────────────────────────────────────

  async decideLine(
    caller: Caller,
    submissionId: string,
    lineNo: number,
    input: bureauReview.LineDecisionInput,
  ): Promise<SubmissionView> {
    await bureauReview.decideLine(this.deps, caller, submissionId, lineNo, input);
    return this.view(submissionId);
  }

  /** Accepts every undecided line without exceptions; lines with exceptions stay for one by one. */
  async acceptCleanLines(
    caller: Caller,
    submissionId: string,
  ): Promise<{ accepted: number; view: SubmissionView }> {
    const accepted = await bureauReview.acceptCleanLines(this.deps, caller, submissionId);
    return { accepted, view: await this.view(submissionId) };
  }

  /** Data Bureau administrator: every line decided; the recognised amount is reported to the DRC. */
  async bureauApprove(
    caller: Caller,
    submissionId: string,
    input: ApprovalInput,
  ): Promise<SubmissionView> {
    await bureauReview.approve(this.deps, caller, submissionId, input);
    return this.view(submissionId);
  }

  // ── Any department: back to the one before ───────────────────────────────────────────────

  /** A return to the previous department, with a reason; which one depends on the stage. */
  async returnSubmission(
    caller: Caller,
    submissionId: string,
    input: returns.ReturnInput,
  ): Promise<SubmissionView> {
    await returns.returnSubmission(this.deps, caller, submissionId, input);
    return this.view(submissionId);
  }

  // ── The DRC ──────────────────────────────────────────────────────────────────────────────

  /** DRC: the aggregate goes to Finance; the payment falls due `paymentDueDays` later. */
  async sendToFinance(
    caller: Caller,
    submissionId: string,
    input: StepInput,
  ): Promise<SubmissionView> {
    await drcSummary.sendToFinance(this.deps, caller, submissionId, input);
    return this.view(submissionId);
  }

  /** The DRC's aggregate: the recognised enterprises and amounts, by enterprise, star, list year. */
  async aggregate(submissionId: string) {
    return drcSummary.aggregate(this.sql, await this.view(submissionId));
  }

  // ── Finance ──────────────────────────────────────────────────────────────────────────────

  async financeApprove(
    caller: Caller,
    submissionId: string,
    input: ApprovalInput,
  ): Promise<SubmissionView> {
    await financePayment.approve(this.deps, caller, submissionId, input);
    return this.view(submissionId);
  }

  /** Finance records the payment: exactly the recognised amount, once; the ledger moves it. */
  async pay(
    caller: Caller,
    submissionId: string,
    input: financePayment.PaymentInput,
  ): Promise<SubmissionView> {
    await financePayment.pay(this.deps, caller, submissionId, input);
    return this.view(submissionId);
  }

  // ── Reading ──────────────────────────────────────────────────────────────────────────────

  /** The submissions a role sees first: its own queue, then the rest, newest year first. */
  async list(filter: { status?: RedemptionStatus | undefined }): Promise<SubmissionView[]> {
    return views.list(this.deps, this.sql, filter);
  }

  /** The year's current round (or the last returned one), for the operator's page. */
  async forYear(year: number): Promise<SubmissionView[]> {
    return views.forYear(this.deps, this.sql, year);
  }

  async view(submissionId: string, sql: RawSql = this.sql): Promise<SubmissionView> {
    return views.view(this.deps, sql, submissionId);
  }

  /** The line decisions of a submission, by line number. */
  async decisions(submissionId: string) {
    return views.decisions(this.sql, submissionId);
  }

  /** The open API's settlement of a year (open-api.md “Statements and settlements”). */
  async settlement(year: number) {
    return views.settlement(this.deps, this.sql, year);
  }
}
