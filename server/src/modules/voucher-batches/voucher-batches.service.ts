/**
 * The operator's voucher batch (F4): configured against an approved plan (one per plan), then
 * issued. From issue on, every published entry of the plan's year is an offer its enterprise
 * sees (offers.query.ts); certified enterprises are notified. The plan is asked of its owner
 * (plans.lookups.ts); the pages' views are the read models batches.query.ts and offers.query.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database, RawSql } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { AppError } from '../../errors.js';
import { isUniqueViolation } from '../ledger/deduct.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { planById } from '../plans/plans.lookups.js';
import type { PoliciesService } from '../policies/policies.service.js';
import { batchView, batchViews, type VoucherBatchView } from './batches.query.js';
import { notifyOfferHolders } from './offers.notify.js';
import { type ClaimStatus, type OfferListItem, offersOfYear } from './offers.query.js';

export type { VoucherBatchView } from './batches.query.js';
export type { OfferListItem } from './offers.query.js';

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
    const plan = await planById(this.database.raw, input.planId);
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
      const plan = await planById(tx, batch.plan_id);
      if (!plan) throw new AppError('PLAN_NOT_FOUND');
      if (plan.status !== 'approved') throw new AppError('PLAN_NOT_APPROVED');
      await tx.query(
        `UPDATE voucher_batches SET status = 'issued', issued_by = $2, issued_at = $3
          WHERE id = $1`,
        [batchId, issuedBy, this.clock.now()],
      );
      return notifyOfferHolders(tx, this.deps.notifications, {
        listYear: plan.listYear,
        timeZone: policy.document.timeZone,
      });
    });
    return { batch: await this.get(batchId), notified };
  }

  async get(batchId: string): Promise<VoucherBatchView> {
    const batch = await batchView(this.database.raw, batchId);
    if (!batch) throw new AppError('VOUCHER_BATCH_NOT_FOUND');
    return batch;
  }

  list(): Promise<VoucherBatchView[]> {
    return batchViews(this.database.raw);
  }

  /** The batch's offers: published entries of the plan's year, with any claim. */
  async offers(
    batchId: string,
    filter: { q?: string | undefined; claimStatus?: ClaimStatus | 'none' | undefined },
    page: { page: number; pageSize: number },
  ): Promise<{ items: OfferListItem[]; total: number }> {
    const batch = await this.get(batchId);
    return offersOfYear(this.database.raw, batch.plan.listYear, filter, page);
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
