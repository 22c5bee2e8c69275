/**
 * Claims (认领, 第十条(三)): the enterprise picks its offer, uploads its Haian Cloud service
 * contract and submits; the Data Bureau reviews with the platform's checks beside it and
 * approves — which grants the voucher through the ledger in the same transaction, so the
 * claim date D, the voucher, its tranches and the budget move together or not at all — or
 * returns it with a reason; the enterprise corrects and resubmits. Every round is kept.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { localDateString } from '../../domain/time.js';
import { AppError, isAppError } from '../../errors.js';
import type { FilesService } from '../files/files.service.js';
import type { GrantedVoucher, LedgerService } from '../ledger/ledger.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService, StoredPolicy } from '../policies/policies.service.js';
import { offerFor } from '../voucher-batches/offers.query.js';
import { type AssessOptions, assessClaim, type Checks, firstRefusal } from './claims.checks.js';
import * as repo from './claims.repo.js';

/** Who acts: a signed-in user of an organisation (an `Actor` fits). */
export interface Caller {
  userId: string;
  organisationId: string;
}

export interface FileMeta {
  id: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  /** Where an authorised reader views it (inline). */
  url: string;
}

export interface Offer {
  entryId: string;
  listYear: number;
  star: number;
  amount: number;
  /** As on the star list. */
  enterpriseName: string;
  creditCode: string;
  city: string;
  county: string;
  planId: string;
  claimOpensAt: string;
  claimClosesAt: string;
  windowOpen: boolean;
  claimInstructions: string;
  claim: { id: string; status: repo.ClaimStatus } | null;
}

export interface OffersView {
  certified: boolean;
  /** What to do next, when there is nothing to claim (Chinese). */
  hint: string | null;
  offers: Offer[];
}

export interface RoundView {
  roundNo: number;
  contract: FileMeta;
  submittedAt: string;
  decision: 'approved' | 'returned' | null;
  reason: string | null;
  reviewedAt: string | null;
}

export interface ClaimView {
  id: string;
  entryId: string;
  listYear: number;
  star: number;
  amount: number;
  /** The enterprise's name as on the star list. */
  enterpriseName: string;
  creditCode: string;
  status: repo.ClaimStatus;
  roundNo: number;
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  voucherId: string | null;
  rounds: RoundView[];
}

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

export interface ClaimsServiceDeps {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  ledger: LedgerService;
  notifications: NotificationsService;
  files: FilesService;
}

const fileUrl = (id: string) => `/api/files/${encodeURIComponent(id)}`;
const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

const ENTERPRISE_CLAIM_LINK = '/enterprise/claim';
const REVIEW_LINKS: Record<string, string> = {
  data_bureau_reviewer: '/data-bureau/claim-reviews',
  data_bureau_admin: '/data-bureau-admin/claim-reviews',
};

function tierAmount(policy: StoredPolicy, star: number): number {
  const amount = policy.document.tierAmounts[star as 3 | 4 | 5];
  if (amount === undefined) {
    throw new AppError('STAR_NOT_IN_POLICY', `${star} 星不在政策 ${policy.version} 的档位内`);
  }
  return amount;
}

function refuse(checks: Checks): void {
  const refusal = firstRefusal(checks);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

function presentFile(row: {
  id: string;
  original_name: string;
  media_type: string;
  size: string | number;
  sha256: string;
}): FileMeta {
  return {
    id: row.id,
    originalName: row.original_name,
    mediaType: row.media_type,
    size: Number(row.size),
    sha256: row.sha256,
    url: fileUrl(row.id),
  };
}

function presentRound(row: repo.RoundRow): RoundView {
  return {
    roundNo: row.round_no,
    contract: presentFile({
      id: row.contract_file_id,
      original_name: row.file_name,
      media_type: row.file_media_type,
      size: row.file_size,
      sha256: row.contract_sha256,
    }),
    submittedAt: iso(row.submitted_at),
    decision: row.decision,
    reason: row.reason,
    reviewedAt: isoOrNull(row.reviewed_at),
  };
}

export class ClaimsService {
  constructor(private readonly deps: ClaimsServiceDeps) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  // ── The enterprise ─────────────────────────────────────────────────────────────────────

  /** The caller's offers: only a certified enterprise has any. */
  async offers(caller: Caller, listYear?: number): Promise<OffersView> {
    const organisation = await repo.organisationFacts(this.sql, caller.organisationId);
    if (!organisation?.certifiedAt || !organisation.creditCode) {
      return {
        certified: false,
        hint: '贵企业尚未通过企业认证。请先完成企业认证，认证通过后即可查看并认领资源券。',
        offers: [],
      };
    }
    const found = await offerFor(this.sql, {
      creditCode: organisation.creditCode,
      now: this.deps.clock.now(),
      ...(listYear === undefined ? {} : { listYear }),
    });
    const offers = found.map(
      (offer): Offer => ({
        entryId: offer.entryId,
        listYear: offer.listYear,
        star: offer.star,
        amount: offer.amount,
        enterpriseName: offer.enterpriseName,
        creditCode: offer.creditCode,
        city: offer.city,
        county: offer.county,
        planId: offer.planId,
        claimOpensAt: iso(offer.claimOpensAt),
        claimClosesAt: iso(offer.claimClosesAt),
        windowOpen: offer.windowOpen,
        claimInstructions: offer.claimInstructions,
        claim: offer.claim,
      }),
    );
    return {
      certified: true,
      hint:
        offers.length === 0
          ? '暂无可认领的资源券：贵企业不在已公布的星级上云企业名单中，或本年度资源券尚未发放。'
          : null,
      offers,
    };
  }

  /** The upload limit for a contract; only a certified enterprise may upload one. */
  async contractUploadLimit(caller: Caller): Promise<number> {
    await this.certifiedOrganisation(this.sql, caller);
    const policy = await this.deps.policies.inForce();
    return policy.document.upload.maxBytes;
  }

  /** Stores a service contract (PDF, JPEG or PNG judged by content, within the policy's size). */
  async storeContract(
    caller: Caller,
    upload: { bytes: Buffer; filename: string },
  ): Promise<FileMeta> {
    await this.certifiedOrganisation(this.sql, caller);
    const { upload: rules } = (await this.deps.policies.inForce()).document;
    const stored = await this.deps.files.store({
      bytes: upload.bytes,
      originalName: upload.filename,
      purpose: 'service_contract',
      organisationId: caller.organisationId,
      uploadedBy: caller.userId,
      allowedTypes: rules.allowedTypes,
      maxBytes: rules.maxBytes,
    });
    return {
      id: stored.id,
      originalName: stored.originalName,
      mediaType: stored.mediaType,
      size: stored.size,
      sha256: stored.sha256,
      url: fileUrl(stored.id),
    };
  }

  /** A first submission: refused with the first rule it breaks, and then nothing changes. */
  async submit(
    caller: Caller,
    input: { entryId: string; contractFileId: string },
  ): Promise<ClaimView> {
    const claimId = randomUUID();
    await this.deps.database.raw.transaction(async (tx) => {
      const now = this.deps.clock.now();
      const policy = await this.deps.policies.inForce(undefined, tx);
      const organisation = await this.organisationOf(tx, caller);
      const entry = await repo.entryDetail(tx, input.entryId);
      const file = await repo.ownContractFile(tx, input.contractFileId, caller.organisationId);
      const checks = await this.assess(tx, {
        organisation,
        entry,
        claimId: null,
        claimedAt: now,
        contractSha256: file?.sha256 ?? null,
        policy,
        mode: 'submit',
      });
      refuse(checks);
      if (!entry || !file) throw new Error('checks passed without an entry and a contract');
      const inserted = await repo.insertClaim(tx, {
        id: claimId,
        organisationId: caller.organisationId,
        entryId: entry.id,
        listYear: entry.listYear,
        now,
      });
      // A concurrent submission for the same entry got there first.
      if (!inserted) throw new AppError('CLAIM_EXISTS', '该名单条目已提交认领，请勿重复认领');
      await repo.insertRound(tx, {
        id: randomUUID(),
        claimId,
        roundNo: 1,
        contractFileId: file.id,
        contractSha256: file.sha256,
        checks: { ...checks, checkedAt: now.toISOString() },
        submittedBy: caller.userId,
        now,
      });
      await this.bindContract(tx, file.sha256, claimId);
      await this.tellReviewers(tx, { claimId, roundNo: 1, organisation, listYear: entry.listYear });
    });
    return this.ownClaim(caller, claimId);
  }

  /** A new round of a returned claim, with a (corrected) contract. */
  async resubmit(
    caller: Caller,
    claimId: string,
    input: { contractFileId: string },
  ): Promise<ClaimView> {
    await this.deps.database.raw.transaction(async (tx) => {
      const claim = await repo.lockClaim(tx, claimId, caller.organisationId);
      if (!claim) throw new AppError('CLAIM_NOT_FOUND');
      if (claim.status !== 'returned') {
        throw new AppError(
          'CLAIM_NOT_RETURNED',
          claim.status === 'approved'
            ? '认领已通过审核，无需重新提交'
            : '认领正在审核中，请等待审核结果',
        );
      }
      const now = this.deps.clock.now();
      const policy = await this.deps.policies.inForce(undefined, tx);
      const organisation = await this.organisationOf(tx, caller);
      const entry = await repo.entryDetail(tx, claim.entry_id);
      const file = await repo.ownContractFile(tx, input.contractFileId, caller.organisationId);
      const checks = await this.assess(tx, {
        organisation,
        entry,
        claimId: claim.id,
        claimedAt: new Date(claim.created_at),
        contractSha256: file?.sha256 ?? null,
        policy,
        mode: 'resubmit',
      });
      refuse(checks);
      if (!entry || !file) throw new Error('checks passed without an entry and a contract');
      const roundNo = claim.current_round + 1;
      await repo.insertRound(tx, {
        id: randomUUID(),
        claimId: claim.id,
        roundNo,
        contractFileId: file.id,
        contractSha256: file.sha256,
        checks: { ...checks, checkedAt: now.toISOString() },
        submittedBy: caller.userId,
        now,
      });
      await this.bindContract(tx, file.sha256, claim.id);
      await repo.markResubmitted(tx, claim.id, roundNo, now);
      await this.tellReviewers(tx, {
        claimId: claim.id,
        roundNo,
        organisation,
        listYear: entry.listYear,
      });
    });
    return this.ownClaim(caller, claimId);
  }

  /** The caller's claims, each with every round. */
  async ownClaims(caller: Caller): Promise<ClaimView[]> {
    const rows = await repo.claimsOfOrganisation(this.sql, caller.organisationId);
    return this.presentClaims(rows);
  }

  /** One of the caller's claims; another organisation's is 404, as if it did not exist. */
  async ownClaim(caller: Caller, claimId: string): Promise<ClaimView> {
    const row = await repo.claimById(this.sql, claimId, caller.organisationId);
    if (!row) throw new AppError('CLAIM_NOT_FOUND');
    const [view] = await this.presentClaims([row]);
    return view as ClaimView;
  }

  // ── The Data Bureau ────────────────────────────────────────────────────────────────────

  async queue(
    filter: repo.QueueFilter,
  ): Promise<{ items: QueueItem[]; total: number; counts: Record<repo.ClaimStatus, number> }> {
    const policy = await this.deps.policies.inForce();
    const { rows, total, counts } = await repo.queue(this.sql, filter);
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
    const row = await repo.claimById(sql, claimId);
    if (!row) throw new AppError('CLAIM_NOT_FOUND');
    const [rounds, entry, organisation, certification, policy] = await Promise.all([
      repo.roundsOf(sql, [row.id]),
      repo.entryDetail(sql, row.entry_id),
      repo.organisationFacts(sql, row.organisation_id),
      repo.certificationSummary(sql, row.organisation_id),
      this.deps.policies.inForce(),
    ]);
    if (!entry || !organisation) throw new Error(`claim ${row.id} lost its entry or enterprise`);
    const latest = rounds.at(-1);
    const checks = await this.assess(sql, {
      organisation,
      entry,
      claimId: row.id,
      claimedAt: new Date(row.created_at),
      contractSha256: latest?.contract_sha256 ?? null,
      policy,
      mode: row.status === 'approved' ? 'approved' : 'review',
    });
    const voucherRows = row.voucher_id ? await repo.voucherWithTranches(sql, row.voucher_id) : [];
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
      const organisation = await repo.organisationFacts(tx, claim.organisation_id);
      const entry = await repo.entryDetail(tx, claim.entry_id);
      if (!organisation || !entry)
        throw new Error(`claim ${claim.id} lost its entry or enterprise`);
      const checks = await this.assess(tx, {
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
    });
    return this.review(claimId);
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  private async organisationOf(sql: RawSql, caller: Caller): Promise<repo.OrganisationFacts> {
    const organisation = await repo.organisationFacts(sql, caller.organisationId);
    if (!organisation) throw new AppError('NOT_CERTIFIED', '企业尚未通过认证，请先完成企业认证');
    return organisation;
  }

  private async certifiedOrganisation(sql: RawSql, caller: Caller) {
    const organisation = await this.organisationOf(sql, caller);
    if (!organisation.certifiedAt || !organisation.creditCode) {
      throw new AppError('NOT_CERTIFIED', '企业尚未通过认证，请先完成企业认证');
    }
    return organisation;
  }

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

  /** Reads what the checks need and runs them. */
  private async assess(
    sql: RawSql,
    input: {
      organisation: repo.OrganisationFacts;
      entry: repo.EntryDetail | null;
      claimId: string | null;
      claimedAt: Date;
      contractSha256: string | null;
      policy: StoredPolicy;
      mode: AssessOptions['mode'];
    },
  ): Promise<Checks> {
    const { entry, claimId, contractSha256 } = input;
    // One query at a time: this often runs on a transaction's single connection.
    const otherClaimId =
      entry && input.mode === 'submit' ? await repo.claimIdForEntry(sql, entry.id) : null;
    const grantedVoucherId = entry
      ? await repo.otherVoucherId(sql, {
          creditCode: entry.creditCode,
          listYear: entry.listYear,
          claimId,
        })
      : null;
    const contractUsedBy = contractSha256 ? await repo.contractOwner(sql, contractSha256) : null;
    return assessClaim(
      {
        organisation: input.organisation,
        entry,
        claimedAt: input.claimedAt,
        amount: entry ? tierAmount(input.policy, entry.star) : 0,
        otherClaimId,
        grantedVoucherId,
        contract: contractSha256 ? { sha256: contractSha256 } : 'missing',
        contractUsedBy:
          contractUsedBy !== null && contractUsedBy !== claimId ? contractUsedBy : null,
      },
      { timeZone: input.policy.document.timeZone, mode: input.mode },
    );
  }

  private async bindContract(tx: RawSql, sha256: string, claimId: string): Promise<void> {
    if (!(await repo.bindContract(tx, sha256, claimId))) {
      throw new AppError(
        'CONTRACT_ALREADY_USED',
        '该服务合同文件已用于其他认领，同一份合同只能用于一次认领',
      );
    }
  }

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

  /** Tells each Data Bureau user a claim waits for review (once per round). */
  private async tellReviewers(
    tx: RawSql,
    input: {
      claimId: string;
      roundNo: number;
      organisation: repo.OrganisationFacts;
      listYear: number;
    },
  ): Promise<void> {
    const reviewers = await repo.claimReviewers(tx);
    const { organisation } = input;
    for (const reviewer of reviewers) {
      await this.deps.notifications.notifyUser(
        reviewer.id,
        {
          kind: 'claim.submitted',
          title: input.roundNo === 1 ? '新的资源券认领待审核' : '退回的资源券认领已重新提交',
          body: `${organisation.name}（${organisation.creditCode ?? '—'}）提交了 ${input.listYear} 年度资源券认领（第 ${input.roundNo} 次提交），请及时审核。`,
          link: `${REVIEW_LINKS[reviewer.role] ?? REVIEW_LINKS.data_bureau_reviewer}/${input.claimId}`,
          dedupeKey: `claim:${input.claimId}:round:${input.roundNo}:submitted`,
        },
        tx,
      );
    }
  }

  private async presentClaims(rows: repo.ClaimListRow[]): Promise<ClaimView[]> {
    if (rows.length === 0) return [];
    const policy = await this.deps.policies.inForce();
    const rounds = await repo.roundsOf(
      this.sql,
      rows.map((row) => row.id),
    );
    return rows.map((row) => ({
      id: row.id,
      entryId: row.entry_id,
      listYear: row.list_year,
      star: row.star,
      amount:
        row.voucher_amount === null ? tierAmount(policy, row.star) : Number(row.voucher_amount),
      enterpriseName: row.list_name,
      creditCode: row.credit_code,
      status: row.status,
      roundNo: row.current_round,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      approvedAt: isoOrNull(row.approved_at),
      voucherId: row.voucher_id,
      rounds: rounds.filter((round) => round.claim_id === row.id).map(presentRound),
    }));
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
