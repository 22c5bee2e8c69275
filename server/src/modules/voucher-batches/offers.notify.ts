/**
 * Tells certified enterprises that an offer is waiting: when the year's voucher batch is
 * issued, and when a star-list batch is published after that. One notification per
 * enterprise and list year (the dedupe key), however often this runs.
 */
import type { RawSql } from '../../db/client.js';
import { formatYuan } from '../../domain/money.js';
import { starName } from '../../domain/stars.js';
import { localDateString } from '../../domain/time.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { planOfYear } from '../plans/plans.lookups.js';
import { tierAmountsInForce } from '../policies/policies.lookups.js';
import { offerHolders } from './offers.query.js';
import { voucherBatchOfPlan } from './voucher-batches.lookups.js';

export const OFFER_LINK = '/enterprise/claim';

/**
 * Notifies each certified enterprise (organisations.certified_at set) holding a published
 * entry of `listYear` — only those of `starListBatchId` when given — if the year has an issued
 * voucher batch. Returns how many organisations were addressed.
 */
export async function notifyOfferHolders(
  sql: RawSql,
  notifications: NotificationsService,
  scope: { listYear: number; starListBatchId?: string; timeZone: string },
): Promise<number> {
  // Publishing a list batch and issuing the voucher batch of the same year serialise here, each
  // after its own change: whichever comes second sees the other's and notifies.
  await sql.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`offers:${scope.listYear}`]);
  const plan = await planOfYear(sql, scope.listYear);
  if (plan?.status !== 'approved') return 0;
  const batch = await voucherBatchOfPlan(sql, plan.id);
  if (batch?.status !== 'issued') return 0;
  const holders = await offerHolders(sql, scope);
  if (holders.length === 0) return 0;
  const tiers = await tierAmountsInForce(sql);
  const opens = localDateString(plan.claimOpensAt, scope.timeZone);
  // The window closes at an instant; its last day is the day before that instant.
  const lastDay = localDateString(new Date(plan.claimClosesAt.getTime() - 1), scope.timeZone);
  for (const holder of holders) {
    const amount = tiers[holder.star as 3 | 4 | 5];
    await notifications.notifyOrganisation(
      holder.organisation_id,
      {
        kind: 'offer.available',
        title: `${scope.listYear}年度云资源券可认领`,
        body:
          `贵企业已列入${scope.listYear}年度省${starName(holder.star)}上云企业名单，` +
          `可认领“海安云”资源券 ${formatYuan(amount)}。认领时间：${opens} 至 ${lastDay}。` +
          batch.claimInstructions,
        link: OFFER_LINK,
        dedupeKey: `offer.available:${scope.listYear}:${holder.credit_code}`,
      },
      sql,
    );
  }
  return holders.length;
}
