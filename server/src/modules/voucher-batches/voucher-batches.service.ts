/**
 * The operator's voucher batch (F4): configured against an approved plan (one per plan), then
 * issued. From issue on, every published entry of the plan's year is an offer its enterprise
 * sees (offers.query.ts); certified enterprises are notified.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { isUniqueViolation } from '../ledger/deduct.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { notifyOfferHolders } from './offers.notify.js';
import { type ClaimStatus, tierAmountsInForce } from './offers.query.js';

export interface VoucherBatchView {
  id: string;
  planId: string;
  name: string;
  claimInstructions: string;
  status: 'configured' | 'issued';
  configuredBy: string;
  configuredAt: string;
  issuedBy: string | null;
  issuedAt: string | null;
  plan: {
    listYear: number;
    title: string;
    status: 'draft' | 'approved';
    claimOpensAt: string;
    claimClosesAt: string;
  };
  /** Published entries of the plan's year: the offers once issued. */
  offerCount: number;
  /** Claims of those entries, by status. */
  claims: Record<ClaimStatus, number>;
}

export interface OfferListItem {
  entryId: string;
  listYear: number;
  starListBatchNo: number;
  seqNo: number;
  city: string;
  county: string;
  enterpriseName: string;
  creditCode: string;
  star: number;
  amount: number;
  /** The platform's enterprise with this credit code, if one has registered it. */
  enterprise: { organisationId: string; name: string; certified: boolean } | null;
  claim: { id: string; status: ClaimStatus; voucherId: string | null } | null;
}

interface BatchRow {
  id: string;
  plan_id: string;
  name: string;
  claim_instructions: string;
  status: 'configured' | 'issued';
  configured_by: string;
  configured_at: Date;
  issued_by: string | null;
  issued_at: Date | null;
  list_year: number;
  plan_title: string;
  plan_status: 'draft' | 'approved';
  claim_opens_at: Date;
  claim_closes_at: Date;
  offer_count: string | number;
  submitted: string | number;
  returned: string | number;
  approved: string | number;
}

const BATCH_SELECT = `
  SELECT vb.*, p.list_year, p.title AS plan_title, p.status AS plan_status, p.claim_opens_at,
         p.claim_closes_at,
         (SELECT count(*) FROM star_list_entries e
            JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
           WHERE e.list_year = p.list_year) AS offer_count,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'submitted') AS submitted,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'returned') AS returned,
         (SELECT count(*) FROM claims c WHERE c.list_year = p.list_year
             AND c.status = 'approved') AS approved
    FROM voucher_batches vb JOIN plans p ON p.id = vb.plan_id`;

const present = (row: BatchRow): VoucherBatchView => ({
  id: row.id,
  planId: row.plan_id,
  name: row.name,
  claimInstructions: row.claim_instructions,
  status: row.status,
  configuredBy: row.configured_by,
  configuredAt: new Date(row.configured_at).toISOString(),
  issuedBy: row.issued_by,
  issuedAt: row.issued_at ? new Date(row.issued_at).toISOString() : null,
  plan: {
    listYear: row.list_year,
    title: row.plan_title,
    status: row.plan_status,
    claimOpensAt: new Date(row.claim_opens_at).toISOString(),
    claimClosesAt: new Date(row.claim_closes_at).toISOString(),
  },
  offerCount: Number(row.offer_count),
  claims: {
    submitted: Number(row.submitted),
    returned: Number(row.returned),
    approved: Number(row.approved),
  },
});

export class VoucherBatchesService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly deps: { notifications: NotificationsService; policies: PoliciesService },
  ) {}

  async configure(
    input: { planId: string; name: string; claimInstructions: string },
    configuredBy: string,
  ): Promise<VoucherBatchView> {
    const [plan] = await this.database.raw.query<{ status: string }>(
      'SELECT status FROM plans WHERE id = $1',
      [input.planId],
    );
    if (!plan) throw new AppError('PLAN_NOT_FOUND');
    if (plan.status !== 'approved') {
      throw new AppError('PLAN_NOT_APPROVED', '发放计划尚未批准，不能配置资源券批次');
    }
    const id = randomUUID();
    try {
      // A transaction, so the configuration's audit row commits with it (D-audit-tx-4).
      await this.database.raw.transaction((tx) =>
        tx.query(
          `INSERT INTO voucher_batches (id, plan_id, name, claim_instructions, status,
           configured_by, configured_at)
         VALUES ($1, $2, $3, $4, 'configured', $5, $6)`,
          [id, input.planId, input.name, input.claimInstructions, configuredBy, this.clock.now()],
        ),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('VOUCHER_BATCH_EXISTS');
      throw error;
    }
    return this.get(id);
  }

  /** Changes the name or instructions before the batch is issued. */
  async update(
    batchId: string,
    changes: { name?: string | undefined; claimInstructions?: string | undefined },
  ): Promise<VoucherBatchView> {
    await this.database.raw.transaction(async (tx) => {
      const batch = await this.lock(tx, batchId);
      if (batch.status === 'issued') {
        throw new AppError('VOUCHER_BATCH_ISSUED', '资源券批次已发放，不能再修改');
      }
      await tx.query(
        `UPDATE voucher_batches SET name = coalesce($2, name),
           claim_instructions = coalesce($3, claim_instructions) WHERE id = $1`,
        [batchId, changes.name ?? null, changes.claimInstructions ?? null],
      );
    });
    return this.get(batchId);
  }

  /**
   * Issues the batch: the year's published entries become offers, and certified enterprises
   * holding one are notified (in the same transaction). Irreversible.
   */
  async issue(
    batchId: string,
    issuedBy: string,
  ): Promise<{ batch: VoucherBatchView; notified: number }> {
    const policy = await this.deps.policies.inForce();
    const notified = await this.database.raw.transaction(async (tx) => {
      const batch = await this.lock(tx, batchId);
      if (batch.status === 'issued') throw new AppError('VOUCHER_BATCH_ISSUED');
      const [plan] = await tx.query<{ list_year: number; status: string }>(
        'SELECT list_year, status FROM plans WHERE id = $1',
        [batch.plan_id],
      );
      if (!plan) throw new AppError('PLAN_NOT_FOUND');
      if (plan.status !== 'approved') throw new AppError('PLAN_NOT_APPROVED');
      await tx.query(
        `UPDATE voucher_batches SET status = 'issued', issued_by = $2, issued_at = $3
          WHERE id = $1`,
        [batchId, issuedBy, this.clock.now()],
      );
      return notifyOfferHolders(tx, this.deps.notifications, {
        listYear: plan.list_year,
        timeZone: policy.document.timeZone,
      });
    });
    return { batch: await this.get(batchId), notified };
  }

  async get(batchId: string): Promise<VoucherBatchView> {
    const [row] = await this.database.raw.query<BatchRow>(`${BATCH_SELECT} WHERE vb.id = $1`, [
      batchId,
    ]);
    if (!row) throw new AppError('VOUCHER_BATCH_NOT_FOUND');
    return present(row);
  }

  async list(): Promise<VoucherBatchView[]> {
    const rows = await this.database.raw.query<BatchRow>(
      `${BATCH_SELECT} ORDER BY p.list_year DESC`,
    );
    return rows.map(present);
  }

  /** The batch's offers: published entries of the plan's year, with any claim. */
  async offers(
    batchId: string,
    filter: { q?: string | undefined; claimStatus?: ClaimStatus | 'none' | undefined },
    page: { page: number; pageSize: number },
  ): Promise<{ items: OfferListItem[]; total: number }> {
    const batch = await this.get(batchId);
    const params: unknown[] = [batch.plan.listYear];
    const clauses = ['e.list_year = $1'];
    const q = filter.q?.trim();
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      clauses.push(
        `(e.enterprise_name ILIKE $${params.length} OR e.credit_code ILIKE $${params.length})`,
      );
    }
    if (filter.claimStatus === 'none') clauses.push('c.id IS NULL');
    else if (filter.claimStatus) {
      params.push(filter.claimStatus);
      clauses.push(`c.status = $${params.length}`);
    }
    const from = `FROM star_list_entries e
      JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
      LEFT JOIN claims c ON c.entry_id = e.id
      LEFT JOIN organisations o ON o.kind = 'enterprise' AND o.credit_code = e.credit_code
      WHERE ${clauses.join(' AND ')}`;
    const rows = await this.database.raw.query<{
      id: string;
      list_year: number;
      batch_no: number;
      seq_no: number;
      city: string;
      county: string;
      enterprise_name: string;
      credit_code: string;
      star: number;
      organisation_id: string | null;
      organisation_name: string | null;
      certified_at: Date | null;
      claim_id: string | null;
      claim_status: ClaimStatus | null;
      voucher_id: string | null;
    }>(
      `SELECT e.id, e.list_year, b.batch_no, e.seq_no, e.city, e.county, e.enterprise_name,
              e.credit_code, e.star, o.id AS organisation_id, o.name AS organisation_name,
              o.certified_at, c.id AS claim_id, c.status AS claim_status, c.voucher_id
         ${from}
        ORDER BY b.batch_no, e.seq_no, e.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.pageSize, (page.page - 1) * page.pageSize],
    );
    const [count] = await this.database.raw.query<{ total: string }>(
      `SELECT count(*) AS total ${from}`,
      params,
    );
    const tiers = await tierAmountsInForce(this.database.raw);
    return {
      total: Number(count?.total ?? 0),
      items: rows.map((row) => ({
        entryId: row.id,
        listYear: row.list_year,
        starListBatchNo: row.batch_no,
        seqNo: row.seq_no,
        city: row.city,
        county: row.county,
        enterpriseName: row.enterprise_name,
        creditCode: row.credit_code,
        star: row.star,
        amount: tiers[row.star as 3 | 4 | 5],
        enterprise:
          row.organisation_id && row.organisation_name
            ? {
                organisationId: row.organisation_id,
                name: row.organisation_name,
                certified: row.certified_at !== null,
              }
            : null,
        claim:
          row.claim_id && row.claim_status
            ? { id: row.claim_id, status: row.claim_status, voucherId: row.voucher_id }
            : null,
      })),
    };
  }

  private async lock(
    tx: RawSql,
    batchId: string,
  ): Promise<{ plan_id: string; status: 'configured' | 'issued' }> {
    const [row] = await tx.query<{ plan_id: string; status: 'configured' | 'issued' }>(
      'SELECT plan_id, status FROM voucher_batches WHERE id = $1 FOR UPDATE',
      [batchId],
    );
    if (!row) throw new AppError('VOUCHER_BATCH_NOT_FOUND');
    return row;
  }
}
