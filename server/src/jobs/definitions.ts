import { sendExpiryReminders } from '../modules/ledger/expiry-reminders.js';
import type { JobDefinition } from './scheduler.js';

/** Every scheduled job of the platform. Modules add theirs here. */
export const jobDefinitions: JobDefinition[] = [
  {
    // Every 10 minutes: expiries are right at every read anyway; this writes them down.
    name: 'ledger.record-expiries',
    pattern: '*/10 * * * *',
    async run(services) {
      return `recorded ${await services.ledger.recordExpiries()}`;
    },
  },
  {
    name: 'ledger.expiry-reminders',
    pattern: '5 9 * * *',
    async run(services) {
      return `sent ${await sendExpiryReminders(services)}`;
    },
  },
  {
    // Idempotency keys are kept at least 30 days (open-api.md); 35 leaves a margin.
    name: 'open-api.purge-idempotency-keys',
    pattern: '40 3 * * *',
    async run(services) {
      const cutoff = new Date(services.clock.now().getTime() - 35 * 86_400_000);
      const removed = await services.database.raw.query(
        'DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1',
        [cutoff],
      );
      return `removed ${removed.length}`;
    },
  },
  {
    // Every minute: SMS and e-mail that could not be sent at once are retried (≤ 5 attempts).
    name: 'delivery.send-outbox',
    pattern: '* * * * *',
    async run(services) {
      const { sent, failed, expired } = await services.outbox.deliverDue();
      return `sent ${sent}, failed ${failed}, expired ${expired}`;
    },
  },
  {
    name: 'sessions.purge-expired',
    pattern: '17 * * * *',
    async run(services) {
      const removed = await services.auth.sessions.purgeExpired();
      return `removed ${removed}`;
    },
  },
];
