/**
 * Who may sign in, with what name, and for how long a session lasts. All times are the
 * platform clock's, passed in: nothing here reads the clock.
 */

/** Lower case, starting with a letter: a name can never be mistaken for a mobile number. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,29}$/;

/** Usernames are compared in lower case; what people type is trimmed and lowered first. */
export function normaliseUsername(input: string): string {
  return input.trim().toLowerCase();
}

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}

/** Consecutive failed attempts (password or second factor) that lock an account. */
export const MAX_CONSECUTIVE_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** A session unused for longer than this ends. */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60_000;
/** However active, a session ends this long after sign-in. */
export const SESSION_MAX_LIFETIME_MS = 12 * 3_600_000;
/**
 * Last activity is written at most this often: a page that fires ten requests costs one write,
 * and the idle timeout is still measured to within a minute.
 */
export const SESSION_TOUCH_INTERVAL_MS = 60_000;

export interface SessionTimes {
  createdAt: Date;
  lastActiveAt: Date;
}

/** The instant after which the session is no longer valid, unless used again before it. */
export function sessionEndsAt(session: SessionTimes): Date {
  return new Date(
    Math.min(
      session.lastActiveAt.getTime() + SESSION_IDLE_TIMEOUT_MS,
      session.createdAt.getTime() + SESSION_MAX_LIFETIME_MS,
    ),
  );
}

export function isSessionLive(session: SessionTimes, now: Date): boolean {
  return now.getTime() <= sessionEndsAt(session).getTime();
}

export function shouldRecordActivity(lastActiveAt: Date, now: Date): boolean {
  return now.getTime() - lastActiveAt.getTime() >= SESSION_TOUCH_INTERVAL_MS;
}
