/**
 * Claims (认领, 第十条(三)), the enterprise's side: its offers, the upload of its Haian Cloud
 * service contract, the first submission, a corrected resubmission after a return, and its own
 * claims with every round. Each submission is judged by the same checks the reviewer sees
 * (claims.assessment.ts) and tells the Data Bureau it waits. The review side — queue, detail,
 * approval that grants the voucher, return — is claim-review.service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import type { FilesService } from '../files/files.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { offerFor } from '../voucher-batches/offers.query.js';
import { assess, refuse, tierAmount } from './claims.assessment.js';
import * as facts from './claims.facts.js';
import * as listing from './claims.listing.js';
import {
  type Caller,
  type FileMeta,
  fileUrl,
  iso,
  isoOrNull,
  presentRound,
  type RoundView,
} from './claims.present.js';
import * as repo from './claims.repo.js';

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

export interface ClaimsServiceDeps {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  notifications: NotificationsService;
  files: FilesService;
}

/** Where each Data Bureau role reviews a claim (the link in its notification). */
const REVIEW_LINKS: Record<string, string> = {
  data_bureau_reviewer: '/data-bureau/claim-reviews',
  data_bureau_admin: '/data-bureau-admin/claim-reviews',
};

export class ClaimsService {
  constructor(private readonly deps: ClaimsServiceDeps) {}

  private get sql(): RawSql {
    return this.deps.database.raw;
  }

  /** The caller's offers: only a certified enterprise has any. */
  async offers(caller: Caller, listYear?: number): Promise<OffersView> {
    const organisation = await facts.organisationFacts(this.sql, caller.organisationId);
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
      const entry = await facts.entryDetail(tx, input.entryId);
      const file = await facts.ownContractFile(tx, input.contractFileId, caller.organisationId);
      const checks = await assess(tx, {
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
      const entry = await facts.entryDetail(tx, claim.entry_id);
      const file = await facts.ownContractFile(tx, input.contractFileId, caller.organisationId);
      const checks = await assess(tx, {
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
    const rows = await listing.claimsOfOrganisation(this.sql, caller.organisationId);
    return this.presentClaims(rows);
  }

  /** One of the caller's claims; another organisation's is 404, as if it did not exist. */
  async ownClaim(caller: Caller, claimId: string): Promise<ClaimView> {
    const row = await listing.claimById(this.sql, claimId, caller.organisationId);
    if (!row) throw new AppError('CLAIM_NOT_FOUND');
    const [view] = await this.presentClaims([row]);
    return view as ClaimView;
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

  private async organisationOf(sql: RawSql, caller: Caller): Promise<facts.OrganisationFacts> {
    const organisation = await facts.organisationFacts(sql, caller.organisationId);
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

  /** A contract backs one claim only: its SHA-256 is bound to the claim, or it is refused. */
  private async bindContract(tx: RawSql, sha256: string, claimId: string): Promise<void> {
    if (!(await repo.bindContract(tx, sha256, claimId))) {
      throw new AppError(
        'CONTRACT_ALREADY_USED',
        '该服务合同文件已用于其他认领，同一份合同只能用于一次认领',
      );
    }
  }

  /** Tells each Data Bureau user a claim waits for review (once per round). */
  private async tellReviewers(
    tx: RawSql,
    input: {
      claimId: string;
      roundNo: number;
      organisation: facts.OrganisationFacts;
      listYear: number;
    },
  ): Promise<void> {
    const reviewers = await facts.claimReviewers(tx);
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

  /** Claims with their rounds; the amount is the voucher's once granted, the tier's before. */
  private async presentClaims(rows: listing.ClaimListRow[]): Promise<ClaimView[]> {
    if (rows.length === 0) return [];
    const policy = await this.deps.policies.inForce();
    const rounds = await listing.roundsOf(
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
