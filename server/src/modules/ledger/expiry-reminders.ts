/**
 * Sends the expiry reminders that are due (domain/reminders.ts decides which) to the users of
 * each enterprise whose active tranche still has a balance. Idempotent: each (tranche, days)
 * is recorded once, and the notification itself has a dedupe key.
 */

import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import { formatYuan } from '../../domain/money.js';
import { daysLeft, decideReminder } from '../../domain/reminders.js';
import { localDateString } from '../../domain/time.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';

interface Candidate {
  tranche_id: string;
  seq: number;
  balance: string;
  expires_at: Date;
  enterprise_id: string;
  policy_id: string;
  recorded: number[] | null;
}

export async function sendExpiryReminders(deps: {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  notifications: NotificationsService;
}): Promise<number> {
  const now = deps.clock.now();
  const longest = 366;
  const candidates = await deps.database.raw.query<Candidate>(
    `SELECT t.id AS tranche_id, t.seq, t.balance, t.expires_at, v.enterprise_id, v.policy_id,
            (SELECT array_agg(r.days_before) FROM tranche_reminders r WHERE r.tranche_id = t.id) AS recorded
       FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
      WHERE t.balance > 0 AND t.active_from <= $1 AND t.expires_at > $1
        AND t.expires_at <= $1::timestamptz + make_interval(days => $2)`,
    [now, longest],
  );
  let sent = 0;
  for (const candidate of candidates) {
    const { document } = await deps.policies.byIdOrThrow(candidate.policy_id);
    const expiresAt = new Date(candidate.expires_at);
    const decision = decideReminder(
      expiresAt,
      now,
      document.expiryReminderDays,
      new Set((candidate.recorded ?? []).map(Number)),
    );
    if (decision.record.length === 0) continue;
    await deps.database.raw.transaction(async (tx) => {
      // The job's audit row for this tranche, committed with the reminder (D-audit-tx-1).
      noteAudit({
        targetType: 'tranche',
        targetId: candidate.tranche_id,
        detail: { daysBefore: decision.record, sent: decision.send },
      });
      for (const days of decision.record) {
        await tx.query(
          `INSERT INTO tranche_reminders (tranche_id, days_before, recorded_at, outcome)
           VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [candidate.tranche_id, days, now, days === decision.send ? 'sent' : 'skipped'],
        );
      }
      if (decision.send === null) return;
      const left = daysLeft(expiresAt, now);
      const lastDay = localDateString(new Date(expiresAt.getTime() - 1), document.timeZone);
      await deps.notifications.notifyOrganisation(
        candidate.enterprise_id,
        {
          kind: 'voucher.expiry-reminder',
          title: `资源券第${candidate.seq}期额度将于 ${left} 天后到期`,
          body:
            `您的云资源券第${candidate.seq}期尚余 ${formatYuan(Number(candidate.balance))} 未使用，` +
            `有效期至 ${lastDay}（含）。逾期未使用部分将作废，请及时使用。`,
          link: '/enterprise/vouchers',
          dedupeKey: `expiry-reminder:${candidate.tranche_id}:${decision.send}`,
        },
        tx,
      );
      sent += 1;
    });
  }
  return sent;
}
