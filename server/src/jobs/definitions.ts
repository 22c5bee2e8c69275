import { sendExpiryReminders } from '../modules/ledger/expiry-reminders.js';
import { purgeIdempotencyKeys } from '../modules/ledger/idempotency.js';
import { sendMonthlyReportReminders } from '../modules/monthly-reports/monthly-reports.reminders.js';
import type { JobDefinition } from './scheduler.js';

/** Every scheduled job of the platform. Modules add theirs here. */
export const jobDefinitions: JobDefinition[] = [
  {
    // Every 10 minutes: expiries are right at every read anyway; this writes them down.
    name: 'ledger.record-expiries',
    pattern: '*/10 * * * *',
    audit: 'ledger.record-expiries',
    async run(services) {
      return `recorded ${await services.ledger.recordExpiries()}`;
    },
  },
  {
    name: 'ledger.expiry-reminders',
    pattern: '5 9 * * *',
    audit: 'ledger.expiry-reminder',
    async run(services) {
      return `sent ${await sendExpiryReminders(services)}`;
    },
  },
  {
    // Daily: monthly reports due in three days, or overdue (once per month per day).
    name: 'monthly-reports.reminders',
    pattern: '15 9 * * *',
    audit: 'monthly-report.reminder',
    async run(services) {
      return `sent ${await sendMonthlyReportReminders(services)}`;
    },
  },
  {
    // Idempotency keys are kept at least 30 days (open-api.md); the ledger owns them. The
    // name stays the one job_runs and the audit trail have always recorded.
    name: 'open-api.purge-idempotency-keys',
    pattern: '40 3 * * *',
    audit: 'open-api.purge-idempotency-keys',
    async run(services) {
      return `removed ${await purgeIdempotencyKeys(services)}`;
    },
  },
  {
    // Every minute: SMS and e-mail that could not be sent at once are retried (≤ 5 attempts).
    name: 'delivery.send-outbox',
    pattern: '* * * * *',
    audit: 'delivery.send-outbox',
    async run(services) {
      const { sent, failed, expired } = await services.outbox.deliverDue();
      return `sent ${sent}, failed ${failed}, expired ${expired}`;
    },
  },
  {
    name: 'sessions.purge-expired',
    pattern: '17 * * * *',
    audit: 'sessions.purge-expired',
    async run(services) {
      const removed = await services.auth.sessions.purgeExpired();
      return `removed ${removed}`;
    },
  },
];
