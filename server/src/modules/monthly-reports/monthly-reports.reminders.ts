/**
 * Reminds the operator's users of monthly reports not yet submitted: three days before the due
 * day, and on every day after it (domain/monthly-report.ts `reminderFor`). Each reminder goes
 * to the inbox of every active operator user and, by e-mail, through the outbox. Idempotent per
 * month per local day: the (month, day) row is inserted first and only the run that inserted
 * it sends, so a job that runs twice, or on two instances, sends once.
 *
 * Months considered: from the month of the first issuance plan (the programme's start; nothing
 * is due before it) or twelve months back, whichever is later, up to last month.
 */

import type { Database } from '../../db/client.js';
import type { Clock } from '../../domain/clock.js';
import {
  dueDateOf,
  formatMonth,
  parseMonth,
  previousMonth,
  reminderFor,
  type YearMonth,
} from '../../domain/monthly-report.js';
import { localDate, localDateString } from '../../domain/time.js';
import { noteAudit } from '../audit/audit.scope.js';
import type { OutboxService } from '../delivery/outbox.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { PoliciesService } from '../policies/policies.service.js';

/** The page in each operator role's workspace (web/src/workspace/workspaces.ts). */
const REPORTS_LINK: Record<string, string> = {
  operator_staff: '/operator/monthly-reports',
  operator_admin: '/operator-admin/monthly-reports',
};

export async function sendMonthlyReportReminders(deps: {
  database: Database;
  clock: Clock;
  policies: PoliciesService;
  notifications: NotificationsService;
  outbox: OutboxService;
}): Promise<number> {
  const now = deps.clock.now();
  const { document } = await deps.policies.inForce();
  const today = localDateString(now, document.timeZone);
  const [first] = await deps.database.raw.query<{ created_at: Date | null }>(
    'SELECT min(created_at) AS created_at FROM plans',
  );
  if (!first?.created_at) return 0;
  const startText = formatMonth(localDate(new Date(first.created_at), document.timeZone));
  const start = parseMonth(startText) as YearMonth;
  const submitted = new Set(
    (
      await deps.database.raw.query<{ month: string }>(
        'SELECT month FROM monthly_reports WHERE current_round > 0',
      )
    ).map((row) => row.month),
  );
  let month = previousMonth(localDate(now, document.timeZone));
  let sent = 0;
  for (let i = 0; i < 12; i += 1, month = previousMonth(month)) {
    const key = formatMonth(month);
    if (key < formatMonth(start)) break;
    if (submitted.has(key)) continue;
    const dueDate = dueDateOf(month, document.monthlyReportDueDay);
    const reminder = reminderFor(today, dueDate);
    if (!reminder) continue;
    const label = `${month.year}年${month.month}月`;
    const title =
      reminder.kind === 'due-soon'
        ? `${label}运营报告将于 ${dueDate} 到期`
        : `${label}运营报告已逾期 ${reminder.days} 天`;
    const body =
      reminder.kind === 'due-soon'
        ? `根据资源券管理办法第十四条，${label}的运营报告应于 ${dueDate}（含）前提交市数据局，请及时填写并提交。`
        : `${label}的运营报告应于 ${dueDate} 前提交，至今已逾期 ${reminder.days} 天，请尽快填写并提交市数据局。`;
    const messageIds = await deps.database.raw.transaction(async (tx) => {
      const [claimed] = await tx.query(
        `INSERT INTO monthly_report_reminders (month, day, kind, recorded_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
        [key, today, reminder.kind, now],
      );
      if (!claimed) return null;
      // The job's audit row for this reminder, committed with it (D-audit-tx-1).
      noteAudit({
        targetType: 'monthly-report',
        targetId: key,
        detail: { kind: reminder.kind, day: today },
      });
      const users = await tx.query<{ id: string; role: string; email: string }>(
        `SELECT u.id, u.role, u.email FROM users u JOIN organisations o ON o.id = u.organisation_id
          WHERE o.kind = 'operator' AND NOT u.disabled ORDER BY u.id`,
      );
      const ids: string[] = [];
      for (const user of users) {
        await deps.notifications.notifyUser(
          user.id,
          {
            kind: `monthly-report.${reminder.kind}`,
            title,
            body,
            link: REPORTS_LINK[user.role] ?? REPORTS_LINK.operator_staff,
            dedupeKey: `monthly-report:${key}:${today}`,
          },
          tx,
        );
        // Accounts created without an e-mail carry the platform's placeholder address.
        if (!user.email.endsWith('.invalid')) {
          ids.push(
            await deps.outbox.enqueue(
              { channel: 'email', to: user.email, subject: title, body },
              tx,
            ),
          );
        }
      }
      return ids;
    });
    if (messageIds === null) continue;
    sent += 1;
    await deps.outbox.deliver(messageIds);
  }
  return sent;
}
