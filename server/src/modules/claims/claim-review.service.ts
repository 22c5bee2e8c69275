/**
 * Claims (认领, 第十条(三)), the Data Bureau's side: the review queue with counts, a claim as
 * the reviewer sees it (every round, the contract, the enterprise's certification, the checks
 * recomputed now), and the decision on the latest round. Approval grants the voucher through
 * the ledger in the same transaction, so the claim date D, the voucher, its tranches and the
 * budget move together or not at all; a return carries a reason the enterprise sees before it
 * resubmits (claims.service.ts). Every round is kept.
 */

import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { localDateString } from '../../domain/time.js';
import { AppError, isAppError } from '../../errors.js';
import { userContact } from '../accounts/accounts.lookups.js';
import { noteAudit } from '../audit/audit.scope.js';
import { SMS_SIGNATURE, shorten, withoutFinalStop } from '../delivery/messages.js';
import type { OutboxService } from '../delivery/outbox.service.js';
import type { GrantedVoucher, LedgerService } from '../ledger/ledger.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { assess, refuse, tierAmount } from './claims.assessment.js';
import type { Checks } from './claims.checks.js';
import * as facts from './claims.facts.js';
import * as listing from './claims.listing.js';
import {
  type Caller,
  fileUrl,
  iso,
  isoOrNull,
  presentRound,
  type RoundView,
} from './claims.present.js';
import * as repo from './claims.repo.js';

export interface QueueItem {
  id: string;
  enterpriseName: string;
  creditCode: string;
  listYear: number;
  star: number;
  amount: number;
  status: repo.ClaimStatus;
  roundNo: number;
  submittedAt: string;
  checksOk: boolean;
}

export interface ReviewRoundView extends RoundView {
  submittedBy: string | null;
  reviewedBy: string | null;
  /** The platform's checks as they stood when this round was submitted. */
  checks: Checks | null;
}

export interface ReviewView {
  id: string;
  status: repo.ClaimStatus;
  listYear: number;
  star: number;
  amount: number;
  roundNo: number;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  enterprise: {
    organisationId: string;
    name: string;
    creditCode: string | null;
    certifiedAt: string | null;
  };
  entry: {
    id: string;
    enterpriseName: string;
    creditCode: string;
    star: number;
    listYear: number;
    city: string;
    county: string;
    seqNo: number;
    batchNo: number;
    batchTitle: string;
    publishedAt: string | null;
  };
  plan: {
    id: string;
    title: string | null;
    claimOpensAt: string;
    claimClosesAt: string;
    budgetBalance: number;
  } | null;
  rounds: ReviewRoundView[];
  /** The platform's checks recomputed now. */
  checks: Checks;
  certification: {
    status: 'submitted' | 'returned' | 'approved';
    roundNo: number;
    enterpriseName: string;
    creditCode: string;
    legalRepresentative: string;
    address: string;
    contactName: string;
    agentName: string;
    agentMobileMasked: string;
    submittedAt: string;
    reviewedAt: string | null;
    licenceFileUrl: string;
    authorisationFileUrl: string;
  } | null;
  voucher: {
    voucherId: string;
    amount: number;
    grantedAt: string;
    tranches: Array<{ seq: number; amount: number; activeFrom: string; expiresAt: string }>;
  } | null;
}

export interface ClaimReviewServiceDeps {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  ledger: LedgerService;
  notifications: NotificationsService;
  /** SMS to the agent who submitted the claim, as certification results are sent. */
  outbox: OutboxService;
}

const ENTERPRISE_CLAIM_LINK = '/enterprise/claim';

export class ClaimReviewService {
  constructor(private readonly deps: ClaimReviewServiceDeps) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  /** The queue, filtered and paged, with counts per status; each item says if its checks pass. */
  async queue(
    filter: listing.QueueFilter,
  ): Promise<{ items: QueueItem[]; total: number; counts: Record<repo.ClaimStatus, number> }> {
    const policy = await this.deps.policies.inForce();
    const { rows, total, counts } = await listing.queue(this.sql, filter);
    return {
      items: rows.map((row) => ({
        id: row.id,
        enterpriseName: row.organisation_name,
        creditCode: row.credit_code,
        listYear: row.list_year,
        star: row.star,
        amount:
          row.voucher_amount === null ? tierAmount(policy, row.star) : Number(row.voucher_amount),
        status: row.status,
        roundNo: row.current_round,
        submittedAt: iso(row.round_submitted_at),
        checksOk: row.round_checks?.ok === true,
      })),
      total,
      counts,
    };
  }

  /** A claim as the reviewer sees it: every round, the contract, the checks as of now. */
  async review(claimId: string): Promise<ReviewView> {
    const sql = this.sql;
    const row = await listing.claimById(sql, claimId);
    if (!row) throw new AppError('CLAIM_NOT_FOUND');
    const [rounds, entry, organisation, certification, policy] = await Promise.all([
      listing.roundsOf(sql, [row.id]),
      facts.entryDetail(sql, row.entry_id),
      facts.organisationFacts(sql, row.organisation_id),
      facts.certificationSummary(sql, row.organisation_id),
      this.deps.policies.inForce(),
    ]);
    if (!entry || !organisation) throw new Error(`claim ${row.id} lost its entry or enterprise`);
    const latest = rounds.at(-1);
    const checks = await assess(sql, {
      organisation,
      entry,
      claimId: row.id,
      claimedAt: new Date(row.created_at),
      contractSha256: latest?.contract_sha256 ?? null,
      policy,
      mode: row.status === 'approved' ? 'approved' : 'review',
    });
    const voucherRows = row.voucher_id ? await facts.voucherWithTranches(sql, row.voucher_id) : [];
    const first = voucherRows[0];
    return {
      id: row.id,
      status: row.status,
      listYear: row.list_year,
      star: row.star,
      amount: first ? Number(first.amount) : tierAmount(policy, row.star),
      roundNo: row.current_round,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      approvedAt: isoOrNull(row.approved_at),
      enterprise: {
        organisationId: organisation.id,
        name: organisation.name,
        creditCode: organisation.creditCode,
        certifiedAt: isoOrNull(organisation.certifiedAt),
      },
      entry: {
        id: entry.id,
        enterpriseName: entry.enterpriseName,
        creditCode: entry.creditCode,
        star: entry.star,
        listYear: entry.listYear,
        city: entry.city,
        county: entry.county,
        seqNo: entry.seqNo,
        batchNo: entry.batchNo,
        batchTitle: entry.batchTitle,
        publishedAt: isoOrNull(entry.publishedAt),
      },
      plan: entry.plan
        ? {
            id: entry.plan.id,
            title: entry.planTitle,
            claimOpensAt: iso(entry.plan.claimOpensAt),
            claimClosesAt: iso(entry.plan.claimClosesAt),
            budgetBalance: entry.plan.budgetBalance,
          }
        : null,
      rounds: rounds.map((round) => ({
        ...presentRound(round),
        submittedBy: round.submitted_by_name,
        reviewedBy: round.reviewed_by_name,
        checks: (round.checks as Checks | null) ?? null,
      })),
      checks,
      certification: certification
        ? {
            status: certification.status,
            roundNo: certification.round_no,
            enterpriseName: certification.enterprise_name,
            creditCode: certification.credit_code,
            legalRepresentative: certification.legal_representative,
            address: certification.address,
            contactName: certification.contact_name,
            agentName: certification.agent_name,
            agentMobileMasked: certification.agent_mobile_masked,
            submittedAt: iso(certification.submitted_at),
            reviewedAt: isoOrNull(certification.reviewed_at),
            licenceFileUrl: fileUrl(certification.licence_file_id),
            authorisationFileUrl: fileUrl(certification.authorisation_file_id),
          }
        : null,
      voucher: first
        ? {
            voucherId: first.id,
            amount: Number(first.amount),
            grantedAt: iso(first.granted_at),
            tranches: voucherRows.map((t) => ({
              seq: t.seq,
              amount: Number(t.tranche_amount),
              activeFrom: iso(t.active_from),
              expiresAt: iso(t.expires_at),
            })),
          }
        : null,
    };
  }

  /**
   * Approves the latest round and grants the voucher, in one transaction: the claim row is
   * locked (a second reviewer waits, then finds it decided), the checks are run again, the
   * ledger grants from the plan's budget, and the claim takes the grant's instant as its
   * claim date. A budget that cannot cover it rolls everything back (422 with the shortfall).
   */
  async approve(reviewer: Caller, claimId: string): Promise<ReviewView> {
    await this.deps.database.raw.transaction(async (tx) => {
      const claim = await repo.lockClaim(tx, claimId);
      if (!claim) throw new AppError('CLAIM_NOT_FOUND');
      const round = await this.undecidedRound(tx, claim);
      const policy = await this.deps.policies.inForce(undefined, tx);
      const organisation = await facts.organisationFacts(tx, claim.organisation_id);
      const entry = await facts.entryDetail(tx, claim.entry_id);
      if (!organisation || !entry)
        throw new Error(`claim ${claim.id} lost its entry or enterprise`);
      const checks = await assess(tx, {
        organisation,
        entry,
        claimId: claim.id,
        claimedAt: new Date(claim.created_at),
        contractSha256: round.contract_sha256,
        policy,
        mode: 'review',
      });
      refuse(checks);
      if (!entry.plan || !organisation.creditCode) throw new Error('checks passed without a plan');
      const granted = await this.grant(tx, {
        enterpriseId: organisation.id,
        creditCode: organisation.creditCode,
        enterpriseName: organisation.name,
        listYear: entry.listYear,
        star: entry.star,
        planId: entry.plan.id,
        claimId: claim.id,
        listEntryId: entry.id,
      });
      await repo.decideRound(tx, round.id, {
        decision: 'approved',
        reason: null,
        by: reviewer.userId,
        at: granted.grantedAt,
      });
      await repo.markApproved(tx, claim.id, granted.voucherId, granted.grantedAt);
      // The grant's audit row commits with it (D-audit-tx-1).
      noteAudit({ detail: { voucherId: granted.voucherId, amount: granted.amount } });
      await this.deps.notifications.notifyOrganisation(
        claim.organisation_id,
        {
          kind: 'claim.approved',
          title: '资源券认领已通过审核',
          body: approvalMessage(entry.listYear, granted, policy.document.timeZone),
          link: '/enterprise/vouchers',
          dedupeKey: `claim:${claim.id}:round:${claim.current_round}:approved`,
        },
        tx,
      );
      await this.textSubmitter(
        tx,
        round.id,
        `${SMS_SIGNATURE}您的${entry.listYear}年度资源券认领已通过审核，获得资源券${formatYuan(granted.amount)}，请登录平台查看有效期。`,
      );
    });
    return this.review(claimId);
  }

  /** Returns the latest round with a reason; the enterprise sees it and may resubmit. */
  async returnClaim(reviewer: Caller, claimId: string, reason: string): Promise<ReviewView> {
    const text = reason.trim();
    if (text === '') {
      throw new AppError('VALIDATION_FAILED', 'reason: 请填写退回原因', undefined, [
        { field: 'body.reason', message: '请填写退回原因' },
      ]);
    }
    await this.deps.database.raw.transaction(async (tx) => {
      const claim = await repo.lockClaim(tx, claimId);
      if (!claim) throw new AppError('CLAIM_NOT_FOUND');
      const round = await this.undecidedRound(tx, claim);
      const now = this.deps.clock.now();
      await repo.decideRound(tx, round.id, {
        decision: 'returned',
        reason: text,
        by: reviewer.userId,
        at: now,
      });
      await repo.markReturned(tx, claim.id, now);
      await this.deps.notifications.notifyOrganisation(
        claim.organisation_id,
        {
          kind: 'claim.returned',
          title: '资源券认领被退回，请修改后重新提交',
          body: `您的 ${claim.list_year} 年度资源券认领（第 ${claim.current_round} 次提交）未通过审核。退回原因：${text}。请按退回原因修改后重新提交。`,
          link: ENTERPRISE_CLAIM_LINK,
          dedupeKey: `claim:${claim.id}:round:${claim.current_round}:returned`,
        },
        tx,
      );
      await this.textSubmitter(
        tx,
        round.id,
        `${SMS_SIGNATURE}您的${claim.list_year}年度资源券认领被退回：${shorten(withoutFinalStop(text), 60)}。请登录平台修改后重新提交。`,
      );
    });
    return this.review(claimId);
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  /** Queues an SMS to the mobile of the user who submitted the round, in the same transaction. */
  private async textSubmitter(tx: RawSql, roundId: string, body: string): Promise<void> {
    const [round] = await tx.query<{ submitted_by: string }>(
      'SELECT submitted_by FROM claim_rounds WHERE id = $1',
      [roundId],
    );
    const submitter = round ? await userContact(tx, round.submitted_by) : null;
    if (submitter?.mobile) {
      await this.deps.outbox.enqueue({ channel: 'sms', to: submitter.mobile, body }, tx);
    }
  }

  /** The latest round, if it still waits for a decision; otherwise why it cannot be decided. */
  private async undecidedRound(tx: RawSql, claim: repo.ClaimRow) {
    const round = await repo.currentRound(tx, claim);
    if (claim.status !== 'submitted' || !round || round.decision !== null) {
      throw new AppError(
        'CLAIM_NOT_UNDER_REVIEW',
        claim.status === 'approved'
          ? '该认领已通过审核'
          : claim.status === 'returned'
            ? '该认领已退回，等待企业重新提交'
            : '该轮提交已审核',
        { status: claim.status },
      );
    }
    return round;
  }

  /** Grants through the ledger; a short budget is refused in the reviewer's terms, in yuan. */
  private async grant(
    tx: RawSql,
    input: Parameters<LedgerService['grant']>[0],
  ): Promise<GrantedVoucher> {
    try {
      return await this.deps.ledger.grant(input, tx);
    } catch (error) {
      if (isAppError(error) && error.code === 'BUDGET_INSUFFICIENT') {
        const { required, remaining, shortfall } = error.extensions as {
          required: number;
          remaining: number;
          shortfall: number;
        };
        throw new AppError(
          'BUDGET_INSUFFICIENT',
          `发放计划预算不足，不能批准：需要 ${formatYuan(required)}，剩余 ${formatYuan(remaining)}，缺口 ${formatYuan(shortfall)}。请先追加预算。`,
          { required, remaining, shortfall, planId: input.planId },
        );
      }
      throw error;
    }
  }
}

/** 第1期 ¥7,000.00 有效至 2027-03-01，第2期 ¥3,000.00 自 2027-03-02 起生效（有效至 …）. */
export function approvalMessage(listYear: number, granted: GrantedVoucher, timeZone: string) {
  const day = (instant: Date) => localDateString(instant, timeZone);
  const lastDay = (end: Date) => day(new Date(end.getTime() - 1));
  const parts = granted.tranches.map((tranche) =>
    tranche.activeFrom.getTime() <= granted.grantedAt.getTime()
      ? `第${tranche.seq}期 ${formatYuan(tranche.amount)} 有效至 ${lastDay(tranche.expiresAt)}`
      : `第${tranche.seq}期 ${formatYuan(tranche.amount)} 自 ${day(tranche.activeFrom)} 起生效，有效至 ${lastDay(tranche.expiresAt)}`,
  );
  return (
    `您的 ${listYear} 年度“海安云”资源券认领已通过审核，认领日期 ${day(granted.grantedAt)}，` +
    `获得资源券 ${formatYuan(granted.amount)}：${parts.join('；')}。到期未使用部分作废。`
  );
}
