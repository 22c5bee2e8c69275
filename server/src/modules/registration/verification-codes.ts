/**
 * The rules of registration codes, as pure functions: how often a number may be sent one, how
 * a code is made and stored (never in the clear), and what a typed code means.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_LENGTH = 6;
export const CODE_TTL_SECONDS = 300;
/** At most this many wrong codes per code; then a new one must be requested. */
export const MAX_CODE_ATTEMPTS = 5;

/** Per mobile number: ≥ 60 s between codes, ≤ 5 an hour, ≤ 10 in any 24 hours. */
export const CODE_LIMITS = {
  minIntervalSeconds: 60,
  perHour: 5,
  perDay: 10,
} as const;

export type CodePurpose = 'register' | 'reset-password';

export type CodeRequestDecision =
  | { ok: true }
  | { ok: false; code: 'CODE_TOO_SOON' | 'RATE_LIMITED'; retryAfterSeconds: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Whether a number that was sent codes at `previous` may be sent another at `now`, and if not,
 * in how many seconds it may.
 */
export function codeRequestDecision(previous: readonly Date[], now: Date): CodeRequestDecision {
  const at = now.getTime();
  const times = previous
    .map((d) => d.getTime())
    .filter((t) => t > at - DAY_MS && t <= at)
    .sort((a, b) => a - b);
  const wait = (until: number) => Math.max(1, Math.ceil((until - at) / 1000));
  const latest = times.at(-1);
  if (latest !== undefined && at - latest < CODE_LIMITS.minIntervalSeconds * 1000) {
    return {
      ok: false,
      code: 'CODE_TOO_SOON',
      retryAfterSeconds: wait(latest + CODE_LIMITS.minIntervalSeconds * 1000),
    };
  }
  if (times.length >= CODE_LIMITS.perDay) {
    const oldest = times[times.length - CODE_LIMITS.perDay]!;
    return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: wait(oldest + DAY_MS) };
  }
  const lastHour = times.filter((t) => t > at - HOUR_MS);
  if (lastHour.length >= CODE_LIMITS.perHour) {
    const oldest = lastHour[lastHour.length - CODE_LIMITS.perHour]!;
    return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: wait(oldest + HOUR_MS) };
  }
  return { ok: true };
}

/** A uniformly random code of CODE_LENGTH digits (leading zeros kept). */
export function generateCode(random: (maxExclusive: number) => number = randomInt): string {
  return String(random(10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
}

/** What is stored instead of the code: HMAC-SHA256 keyed by the platform secret. */
export function hashCode(secret: string, purpose: CodePurpose, mobile: string, code: string) {
  return createHmac('sha256', secret).update(`${purpose}:${mobile}:${code}`).digest('hex');
}

export function codeMatches(storedHash: string, candidateHash: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(candidateHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; code: 'CODE_INVALID' | 'CODE_EXPIRED' | 'CODE_ATTEMPTS_EXCEEDED' };

/** Judges a typed code against the latest code sent to the number (pure). */
export function checkCode(
  latest: { expiresAt: Date; attempts: number; consumedAt: Date | null } | null,
  matches: boolean,
  now: Date,
): CodeCheck {
  if (!latest || latest.consumedAt !== null) return { ok: false, code: 'CODE_INVALID' };
  if (latest.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, code: 'CODE_ATTEMPTS_EXCEEDED' };
  if (latest.expiresAt.getTime() <= now.getTime()) return { ok: false, code: 'CODE_EXPIRED' };
  return matches ? { ok: true } : { ok: false, code: 'CODE_INVALID' };
}
