/**
 * What a claim needs to know from other modules: the enterprise's organisation and
 * certification, the star-list entry with its year's plan and voucher batch, a voucher already
 * granted for the same credit code and year, the uploaded contract's file, the granted
 * voucher's tranches, and the Data Bureau's reviewers to notify. All but one are asked of
 * their owners (accounts.lookups.ts, certification.lookups.ts, ledger/voucher-lookups.ts,
 * files.lookups.ts); the entry with its batch, plan and voucher batch is still read here in
 * one join (listed with its reasons in server/test/architecture/table-ownership.test.ts).
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
import type { EntryFacts } from './claims.checks.js';

export type { OrganisationFacts } from '../accounts/accounts.lookups.js';

/** The enterprise's organisation (null unless it is an enterprise). */
export function organisationFacts(
  sql: RawSql,
  organisationId: string,
): Promise<OrganisationFacts | null> {
  return accountFacts(sql, organisationId, 'enterprise');
}

interface EntryRow {
  id: string;
  list_year: number;
  star: number;
  enterprise_name: string;
  credit_code: string;
  city: string;
  county: string;
  seq_no: number;
  batch_id: string;
  batch_no: number;
  batch_title: string;
  batch_status: 'draft' | 'published';
  published_at: Date | null;
  plan_id: string | null;
  plan_title: string | null;
  plan_status: 'draft' | 'approved' | null;
  claim_opens_at: Date | null;
  claim_closes_at: Date | null;
  budget_balance: string | number | null;
  voucher_batch_status: 'configured' | 'issued' | null;
  claim_instructions: string | null;
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

const ENTRY_COLUMNS = `
  e.id, e.list_year, e.star, e.enterprise_name, e.credit_code, e.city, e.county, e.seq_no,
  b.id AS batch_id, b.batch_no, b.title AS batch_title, b.status AS batch_status, b.published_at,
  p.id AS plan_id, p.title AS plan_title, p.status AS plan_status, p.claim_opens_at,
  p.claim_closes_at, p.budget_balance, vb.status AS voucher_batch_status, vb.claim_instructions`;

const ENTRY_FROM = `
  FROM star_list_entries e
  JOIN star_list_batches b ON b.id = e.batch_id
  LEFT JOIN plans p ON p.list_year = e.list_year
  LEFT JOIN voucher_batches vb ON vb.plan_id = p.id`;

function presentEntry(row: EntryRow): EntryDetail {
  return {
    id: row.id,
    listYear: row.list_year,
    star: row.star,
    enterpriseName: row.enterprise_name,
    creditCode: row.credit_code,
    city: row.city,
    county: row.county,
    seqNo: row.seq_no,
    batchId: row.batch_id,
    batchNo: row.batch_no,
    batchTitle: row.batch_title,
    batchStatus: row.batch_status,
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    plan:
      row.plan_id && row.plan_status && row.claim_opens_at && row.claim_closes_at
        ? {
            id: row.plan_id,
            status: row.plan_status,
            claimOpensAt: new Date(row.claim_opens_at),
            claimClosesAt: new Date(row.claim_closes_at),
            budgetBalance: Number(row.budget_balance),
          }
        : null,
    planTitle: row.plan_title,
    voucherBatchStatus: row.voucher_batch_status,
    claimInstructions: row.claim_instructions,
  };
}

/** A star-list entry with its batch, its year's plan and voucher batch; any organisation's. */
export async function entryDetail(sql: RawSql, entryId: string): Promise<EntryDetail | null> {
  const [row] = await sql.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} ${ENTRY_FROM} WHERE e.id = $1`, [
    entryId,
  ]);
  return row ? presentEntry(row) : null;
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
