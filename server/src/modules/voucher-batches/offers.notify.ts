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
import { tierAmountsInForce } from './offers.query.js';

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
  const [batch] = await sql.query<{
    claim_instructions: string;
    claim_opens_at: Date;
    claim_closes_at: Date;
  }>(
    `SELECT vb.claim_instructions, p.claim_opens_at, p.claim_closes_at
       FROM voucher_batches vb JOIN plans p ON p.id = vb.plan_id
      WHERE p.list_year = $1 AND p.status = 'approved' AND vb.status = 'issued'`,
    [scope.listYear],
  );
  if (!batch) return 0;
  const holders = await sql.query<{ organisation_id: string; credit_code: string; star: number }>(
    `SELECT o.id AS organisation_id, e.credit_code, e.star
       FROM star_list_entries e
       JOIN star_list_batches b ON b.id = e.batch_id AND b.status = 'published'
       JOIN organisations o ON o.kind = 'enterprise' AND o.credit_code = e.credit_code
                           AND o.certified_at IS NOT NULL
      WHERE e.list_year = $1 AND ($2::text IS NULL OR e.batch_id = $2::text)
      ORDER BY e.credit_code`,
    [scope.listYear, scope.starListBatchId ?? null],
  );
  if (holders.length === 0) return 0;
  const tiers = await tierAmountsInForce(sql);
  const opens = localDateString(new Date(batch.claim_opens_at), scope.timeZone);
  // The window closes at an instant; its last day is the day before that instant.
  const lastDay = localDateString(
    new Date(new Date(batch.claim_closes_at).getTime() - 1),
    scope.timeZone,
  );
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
          batch.claim_instructions,
        link: OFFER_LINK,
        dedupeKey: `offer.available:${scope.listYear}:${holder.credit_code}`,
      },
      sql,
    );
  }
  return holders.length;
}
