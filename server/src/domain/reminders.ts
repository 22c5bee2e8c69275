/**
 * Expiry reminders (policy: 30 and 7 days before a tranche with a balance expires).
 * A reminder for d days is due from expiresAt − d days until expiry. After downtime several
 * may be due at once: only the nearest one is sent, the earlier ones are recorded as skipped,
 * so the enterprise gets one message that tells the truth about the time left.
 */
const DAY_MS = 86_400_000;

export interface ReminderDecision {
  /** Days-before of the reminder to send now, if any. */
  send: number | null;
  /** Every days-before now due and not yet recorded (send included). */
  record: number[];
}

export function decideReminder(
  expiresAt: Date,
  now: Date,
  reminderDays: readonly number[],
  alreadyRecorded: ReadonlySet<number>,
): ReminderDecision {
  if (now.getTime() >= expiresAt.getTime()) return { send: null, record: [] };
  const due = reminderDays
    .filter((days) => now.getTime() >= expiresAt.getTime() - days * DAY_MS)
    .filter((days) => !alreadyRecorded.has(days))
    .sort((a, b) => a - b);
  const nearest = due[0];
  if (nearest === undefined) return { send: null, record: [] };
  // A nearer reminder already sent makes a farther one pointless.
  const nearerAlreadySent = [...alreadyRecorded].some((days) => days < nearest);
  return { send: nearerAlreadySent ? null : nearest, record: due };
}

export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
}
