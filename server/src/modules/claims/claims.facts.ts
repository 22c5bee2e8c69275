/**
 * What a claim needs to know from other modules: the enterprise's organisation and
 * certification, the star-list entry with its year's plan and voucher batch, a voucher already
 * granted for the same credit code and year, the uploaded contract's file, the granted
 * voucher's tranches, and the Data Bureau's reviewers to notify. Each is asked of its owner
 * (accounts.lookups.ts, certification.lookups.ts, star-list.lookups.ts, plans.lookups.ts,
 * voucher-batches.lookups.ts, ledger/voucher-lookups.ts, files.lookups.ts); this file names
 * no table.
 */
import type { RawSql } from '../../db/client.js';
import {
  organisationFacts as accountFacts,
  activeDepartmentUsers,
  type OrganisationFacts,
} from '../accounts/accounts.lookups.js';
import {
  type CurrentCertificationRow as CertificationSummaryRow,
  currentCertificationOf,
} from '../certification/certification.lookups.js';
import { type FileMetaRow, ownUploadOf } from '../files/files.lookups.js';
import { planOfYear } from '../plans/plans.lookups.js';
import { entryWithBatch } from '../star-lists/star-list.lookups.js';
import { voucherBatchOfPlan } from '../voucher-batches/voucher-batches.lookups.js';
import type { EntryFacts } from './claims.checks.js';

export type { OrganisationFacts } from '../accounts/accounts.lookups.js';

/** The enterprise's organisation (null unless it is an enterprise). */
export function organisationFacts(
  sql: RawSql,
  organisationId: string,
): Promise<OrganisationFacts | null> {
  return accountFacts(sql, organisationId, 'enterprise');
}

export interface EntryDetail extends EntryFacts {
  city: string;
  county: string;
  seqNo: number;
  batchId: string;
  batchTitle: string;
  planTitle: string | null;
  claimInstructions: string | null;
}

/**
 * A star-list entry with its batch, its year's plan and that plan's voucher batch; any
 * organisation's. Asked of the three owners in turn, in the caller's transaction.
 */
export async function entryDetail(sql: RawSql, entryId: string): Promise<EntryDetail | null> {
  const entry = await entryWithBatch(sql, entryId);
  if (!entry) return null;
  const plan = await planOfYear(sql, entry.listYear);
  const voucherBatch = plan ? await voucherBatchOfPlan(sql, plan.id) : null;
  return {
    id: entry.id,
    listYear: entry.listYear,
    star: entry.star,
    enterpriseName: entry.enterpriseName,
    creditCode: entry.creditCode,
    city: entry.city,
    county: entry.county,
    seqNo: entry.seqNo,
    batchId: entry.batchId,
    batchNo: entry.batchNo,
    batchTitle: entry.batchTitle,
    batchStatus: entry.batchStatus,
    publishedAt: entry.publishedAt,
    plan: plan
      ? {
          id: plan.id,
          status: plan.status,
          claimOpensAt: plan.claimOpensAt,
          claimClosesAt: plan.claimClosesAt,
          budgetBalance: plan.budgetBalance,
        }
      : null,
    planTitle: plan?.title ?? null,
    voucherBatchStatus: voucherBatch?.status ?? null,
    claimInstructions: voucherBatch?.claimInstructions ?? null,
  };
}

export type { FileMetaRow } from '../files/files.lookups.js';
export { otherVoucherId } from '../ledger/voucher-lookups.js';

/** The organisation's own uploaded service contract. */
export function ownContractFile(
  sql: RawSql,
  fileId: string,
  organisationId: string,
): Promise<FileMetaRow | null> {
  return ownUploadOf(sql, { fileId, organisationId, purpose: 'service_contract' });
}

export type { CurrentCertificationRow as CertificationSummaryRow } from '../certification/certification.lookups.js';

/** The organisation's certification as last submitted (and decided). */
export function certificationSummary(
  sql: RawSql,
  organisationId: string,
): Promise<CertificationSummaryRow | null> {
  return currentCertificationOf(sql, organisationId);
}

export type { VoucherTrancheRow as VoucherSummaryRow } from '../ledger/voucher-lookups.js';
export { voucherWithTranches } from '../ledger/voucher-lookups.js';

/** The Data Bureau's active reviewers and administrators, told of new submissions. */
export function claimReviewers(sql: RawSql): Promise<Array<{ id: string; role: string }>> {
  return activeDepartmentUsers(sql, 'data_bureau', ['data_bureau_reviewer', 'data_bureau_admin']);
}
