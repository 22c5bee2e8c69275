/**
 * The sign-in flow: a username (or mobile number) and password, then — for accounts with a
 * second factor — an authenticator or backup code; and signing out. Our rules are decided here,
 * on the platform clock: lockout after consecutive failures (passwords and codes count alike),
 * disabled accounts, and which next step a signed-in person owes (a new password in place of
 * a temporary one, then TOTP enrolment). Every
 * attempt is audited here, since these routes are public and audit themselves.
 */
import { symmetricDecrypt } from 'better-auth/crypto';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { runOutsideCommitScope } from '../../db/commit-scope.js';
import { sessions, twoFactors, users, verifications } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { maskMobile, normaliseMobile } from '../../domain/identifiers.js';
import { isRole, type Role } from '../../domain/permissions.js';
import {
  isLocked,
  isValidUsername,
  LOCKOUT_MS,
  MAX_CONSECUTIVE_FAILURES,
  normaliseUsername,
} from '../../domain/sign-in.js';
import { base32Decode, matchingTotpStep } from '../../domain/totp.js';
import { AppError } from '../../errors.js';
import type { AuditWriter } from '../audit/audit.writer.js';
import {
  type AuthEngine,
  type ClientInfo,
  type CookieChanges,
  hasAuthErrorCode,
} from './better-auth.js';
import type { PasswordService } from './passwords.service.js';
import { totpEnrolmentOwed } from './totp.service.js';

export type SignInStatus =
  | 'signed-in'
  | 'totp-required'
  | 'password-change-required'
  | 'totp-enrolment-required';

/** better-auth's backup codes: ten letters and digits with a dash in the middle. */
const BACKUP_CODE_PATTERN = /^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/;

/** The columns of a user that the sign-in rules look at. */
interface SignInUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  disabled: boolean;
  lockedUntil: Date | null;
  twoFactorEnabled: boolean;
  passwordChangeRequired: boolean;
}

type AttemptReason =
  | 'unknown-user'
  | 'wrong-password'
  | 'wrong-code'
  | 'code-reused'
  | 'locked'
  | 'disabled'
  | 'challenge-expired';

type Outcome = 'success' | 'failure' | 'denied';

/**
 * What the audit trail keeps of the name typed at sign-in. A mobile number is personal data:
 * it is kept masked (138****1234), with the kind of identifier. A username is kept as the
 * account's name. Anything else (a mistyped number, an ID number, a password typed into the
 * wrong field) is not kept at all, only that it was neither.
 */
export function signInNameForAudit(typed: string): Record<string, string> {
  const mobile = normaliseMobile(typed);
  if (mobile) return { identifier: 'mobile', mobile: maskMobile(mobile) };
  const username = normaliseUsername(typed);
  if (isValidUsername(username)) return { identifier: 'username', username };
  return { identifier: 'other' };
}

function lockedError(lockedUntil: Date): AppError {
  return new AppError(
    'ACCOUNT_LOCKED',
    `连续失败次数过多，账号锁定至 ${lockedUntil.toISOString()} Too many failed attempts`,
    { lockedUntil: lockedUntil.toISOString() },
  );
}

export class SignInService {
  constructor(
    private readonly deps: {
      config: Config;
      clock: Clock;
      database: Database;
      audit: AuditWriter;
      engine: AuthEngine;
      passwords: PasswordService;
    },
  ) {}

  private get db() {
    return this.deps.database.db;
  }

  /** First step: a username (or mobile number) and password. */
  async withPassword(
    input: { username: string; password: string },
    client: ClientInfo,
  ): Promise<{ status: SignInStatus } & CookieChanges> {
    const { clock, engine, passwords } = this.deps;
    const tried = input.username.trim();
    const user = await this.findUserBySignInName(tried);
    // The typed name, masked where personal; the account's username once it is known.
    const name = { ...signInNameForAudit(tried), ...(user ? { username: user.username } : {}) };
    const note = (outcome: Outcome, detail: Record<string, unknown>) =>
      this.auditAttempt('auth.sign-in', outcome, client, user, { ...name, ...detail });

    if (!user) {
      // Costs what checking a real password costs, so timing does not reveal which names exist.
      await (await engine.context()).password.hash(input.password);
      await note('failure', { reason: 'unknown-user' satisfies AttemptReason });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (isLocked(user.lockedUntil, clock.now())) {
      await note('denied', { reason: 'locked' satisfies AttemptReason });
      throw lockedError(user.lockedUntil!);
    }
    if (user.disabled) {
      // The password is checked first, so a guesser cannot learn that the account is disabled.
      if (!(await passwords.verify(user.id, input.password))) {
        return this.failedAttempt('auth.sign-in', user, 'wrong-password', client, name);
      }
      await note('denied', { reason: 'disabled' satisfies AttemptReason });
      throw new AppError('ACCOUNT_DISABLED');
    }

    // No cookies are forwarded: nothing the client holds may change how this sign-in goes.
    const result = await engine.api
      .signInUsername({
        body: { username: user.username, password: input.password },
        headers: engine.headersFor(client, []),
        returnHeaders: true,
      })
      .catch((error) => {
        if (hasAuthErrorCode(error, 'INVALID_USERNAME_OR_PASSWORD')) return null;
        throw error;
      });
    if (!result) return this.failedAttempt('auth.sign-in', user, 'wrong-password', client, name);
    await this.clearFailures(user.id);
    const setCookies = result.headers.getSetCookie();
    if ('twoFactorRedirect' in result.response && result.response.twoFactorRedirect) {
      await note('success', { next: 'totp' });
      return { status: 'totp-required', setCookies };
    }
    await this.recordSignIn(user.id);
    await note('success', {});
    return { status: this.nextStep(user), setCookies };
  }

  /** What a person whose password was accepted must do before using the platform. */
  private nextStep(user: SignInUser): SignInStatus {
    if (user.passwordChangeRequired) return 'password-change-required';
    if (totpEnrolmentOwed(this.deps.config, user)) return 'totp-enrolment-required';
    return 'signed-in';
  }

  /** Second step for accounts with TOTP: a code from the authenticator, or a backup code. */
  async withTotp(code: string, client: ClientInfo): Promise<CookieChanges> {
    const { clock, engine } = this.deps;
    const pending = await this.pendingSecondFactor(client);
    if (!pending) {
      throw new AppError(
        'UNAUTHENTICATED',
        '没有等待验证码的登录，请重新登录 No sign-in is waiting for a code',
      );
    }
    const { user, cookie } = pending;
    const note = (outcome: Outcome, detail: Record<string, unknown>) =>
      this.auditAttempt('auth.totp', outcome, client, user, { username: user.username, ...detail });

    if (isLocked(user.lockedUntil, clock.now())) {
      await note('denied', { reason: 'locked' satisfies AttemptReason });
      throw lockedError(user.lockedUntil!);
    }
    if (user.disabled) {
      await note('denied', { reason: 'disabled' satisfies AttemptReason });
      throw new AppError('ACCOUNT_DISABLED');
    }
    const usingBackupCode = BACKUP_CODE_PATTERN.test(code);
    // A code is good for one sign-in: its step is claimed before better-auth sees it, and a
    // step no later than the last one claimed is refused (within the drift window, a code of an
    // earlier step is still "valid" to better-auth). Claiming first, in one conditional update,
    // means two requests racing with the same code cannot both pass.
    if (!usingBackupCode) {
      const step = await this.totpStepOf(user.id, code);
      if (step !== null && !(await this.claimTotpStep(user.id, step))) {
        await note('denied', { reason: 'code-reused' satisfies AttemptReason });
        throw new AppError('TOTP_CODE_REUSED');
      }
    }
    const request = {
      body: { code },
      // Only the challenge cookie: a session cookie would make better-auth treat this as
      // confirming an enrolment for whoever that session belongs to.
      headers: engine.headersFor(client, [cookie]),
      returnHeaders: true as const,
    };
    let setCookies: string[];
    try {
      const result = usingBackupCode
        ? await engine.api.verifyBackupCode(request)
        : await engine.api.verifyTOTP(request);
      setCookies = result.headers.getSetCookie();
    } catch (error) {
      if (hasAuthErrorCode(error, 'INVALID_CODE', 'INVALID_BACKUP_CODE')) {
        return this.failedAttempt('auth.totp', user, 'wrong-code', client, {
          username: user.username,
        });
      }
      if (
        hasAuthErrorCode(error, 'INVALID_TWO_FACTOR_COOKIE', 'TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE')
      ) {
        await note('failure', { reason: 'challenge-expired' satisfies AttemptReason });
        throw new AppError('UNAUTHENTICATED', '验证已过期，请重新登录 The sign-in has expired');
      }
      throw error;
    }
    await this.clearFailures(user.id);
    await this.recordSignIn(user.id);
    await note('success', { method: usingBackupCode ? 'backup-code' : 'totp' });
    return { setCookies };
  }

  /** Ends the session the request carries, if any; always clears the cookies. */
  async signOut(client: ClientInfo): Promise<CookieChanges> {
    const { engine } = this.deps;
    const names = await engine.cookieNames();
    const cookies = engine.cookiesOf(client);
    const token = await engine.unsign(cookies.get(names.session));
    const owner = token ? await this.findSessionOwner(token) : null;
    const result = await engine.api.signOut({
      headers: engine.headersFor(client, engine.forwardedCookies(cookies, [names.session])),
      returnHeaders: true,
    });
    if (owner) await this.auditAttempt('auth.sign-out', 'success', client, owner, {});
    return { setCookies: result.headers.getSetCookie() };
  }

  // ── Lockout ────────────────────────────────────────────────────────────────────────────

  private async failedAttempt(
    action: 'auth.sign-in' | 'auth.totp',
    user: SignInUser,
    reason: AttemptReason,
    client: ClientInfo,
    name: Record<string, string>,
  ): Promise<never> {
    const lockedUntil = await this.countFailure(user.id);
    await this.auditAttempt(action, 'failure', client, user, {
      ...name,
      reason,
      ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}),
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    throw new AppError(action === 'auth.totp' ? 'INVALID_TOTP_CODE' : 'INVALID_CREDENTIALS');
  }

  /**
   * Counts one failure atomically; the failure that reaches the limit sets the lock and
   * starts a fresh count, so after the lock the person has the full number of attempts again.
   * Returns the lock's end when this failure locked the account.
   */
  private async countFailure(userId: string): Promise<Date | null> {
    const lockEnds = new Date(this.deps.clock.now().getTime() + LOCKOUT_MS);
    const reachesLimit = sql`${users.failedSignInCount} + 1 >= ${MAX_CONSECUTIVE_FAILURES}`;
    const [row] = await this.db
      .update(users)
      .set({
        failedSignInCount: sql`CASE WHEN ${reachesLimit} THEN 0 ELSE ${users.failedSignInCount} + 1 END`,
        lockedUntil: sql`CASE WHEN ${reachesLimit} THEN ${lockEnds.toISOString()}::timestamptz ELSE ${users.lockedUntil} END`,
      })
      .where(eq(users.id, userId))
      .returning({ lockedUntil: users.lockedUntil });
    const lockedUntil = row?.lockedUntil ?? null;
    return lockedUntil && lockedUntil.getTime() === lockEnds.getTime() ? lockedUntil : null;
  }

  private async clearFailures(userId: string): Promise<void> {
    await this.db
      .update(users)
      .set({ failedSignInCount: 0, lockedUntil: null })
      .where(eq(users.id, userId));
  }

  /**
   * A fresh confirmation for a consequential act (attesting a redemption package, approving a
   * payment): the password when asked for, and the authenticator code when the account has one
   * (a used code cannot be used again). An account without a second factor passes on the
   * password alone only where TOTP is not required (development, demos); in production every
   * official has one. Returns whether a second factor was checked.
   */
  async confirm(
    userId: string,
    input: { password?: string | undefined; totpCode?: string | undefined },
  ): Promise<{ secondFactor: boolean }> {
    // The lockout counter and the used TOTP step are the sign-in mechanism's own state, as at
    // sign-in: written outside the act's audit scope (D-audit-tx-4), so they neither take the
    // act's audit row nor count as its change; a refusal is recorded by the request hook.
    return runOutsideCommitScope(() => this.confirmOutsideScope(userId, input));
  }

  private async confirmOutsideScope(
    userId: string,
    input: { password?: string | undefined; totpCode?: string | undefined },
  ): Promise<{ secondFactor: boolean }> {
    // Wrong confirmations count towards the same lockout as sign-in failures: a stolen session
    // must not become a place to guess the password or the code without limit.
    const [account] = await this.db
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (account && isLocked(account.lockedUntil, this.deps.clock.now())) {
      throw lockedError(account.lockedUntil!);
    }
    const refuse = async (message: string): Promise<never> => {
      const lockedUntil = await this.countFailure(userId);
      if (lockedUntil) throw lockedError(lockedUntil);
      throw new AppError('CONFIRMATION_FAILED', message);
    };
    if (input.password !== undefined) {
      const ok = await this.deps.passwords.verify(userId, input.password).catch(() => false);
      if (!ok) await refuse('密码不正确');
    }
    const [factor] = await this.db
      .select({ userId: twoFactors.userId })
      .from(twoFactors)
      .where(eq(twoFactors.userId, userId))
      .limit(1);
    if (!factor) {
      if (this.deps.config.requireTotp) {
        throw new AppError('CONFIRMATION_FAILED', '请先绑定动态验证码（身份验证器）');
      }
      await this.clearFailures(userId);
      return { secondFactor: false };
    }
    const step = await this.totpStepOf(userId, (input.totpCode ?? '').trim());
    if (step === null) await refuse('动态验证码不正确');
    if (!(await this.claimTotpStep(userId, step as number))) {
      throw new AppError('TOTP_CODE_REUSED');
    }
    await this.clearFailures(userId);
    return { secondFactor: true };
  }

  /**
   * The 30-second step whose code `code` is, within the window better-auth accepts, or null.
   * Against the wall clock, as better-auth and the phone's authenticator are (better-auth.ts).
   */
  private async totpStepOf(userId: string, code: string): Promise<number | null> {
    const [factor] = await this.db
      .select({ secret: twoFactors.secret })
      .from(twoFactors)
      .where(eq(twoFactors.userId, userId))
      .limit(1);
    if (!factor) return null;
    const context = await this.deps.engine.context();
    const secret = await symmetricDecrypt({ key: context.secretConfig, data: factor.secret });
    // better-auth's marker for an imported Base32 secret; its own secrets are used as UTF-8.
    const key = secret.startsWith('base32:')
      ? base32Decode(secret.slice('base32:'.length))
      : Buffer.from(secret, 'utf8');
    return matchingTotpStep(key, code, Date.now());
  }

  /** Records `step` as the last one used, unless it is not later than that: then false. */
  private async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const claimed = await this.db
      .update(users)
      .set({ totpLastStep: step })
      .where(
        and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))),
      )
      .returning({ id: users.id });
    return claimed.length === 1;
  }

  private async recordSignIn(userId: string): Promise<void> {
    await this.db
      .update(users)
      .set({ lastSignInAt: this.deps.clock.now() })
      .where(eq(users.id, userId));
  }

  private async auditAttempt(
    action: string,
    outcome: Outcome,
    client: ClientInfo,
    user: Pick<SignInUser, 'id' | 'name' | 'role' | 'organisationId'> | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append({
      actorUserId: user?.id ?? null,
      actorName: user?.name ?? null,
      actorRole: user?.role ?? null,
      organisationId: user?.organisationId ?? null,
      action,
      targetType: user ? 'user' : null,
      targetId: user?.id ?? null,
      outcome,
      requestId: client.requestId,
      ipAddress: client.ip,
      detail,
    });
  }

  // ── Finding the person ─────────────────────────────────────────────────────────────────

  private async findUserBySignInName(input: string): Promise<SignInUser | null> {
    // Usernames start with a letter, so a mobile-shaped input can only be a mobile number.
    const mobile = normaliseMobile(input);
    const where = mobile ? eq(users.mobile, mobile) : eq(users.username, normaliseUsername(input));
    const [row] = await this.db.select(signInColumns).from(users).where(where).limit(1);
    return row ? toSignInUser(row) : null;
  }

  private async findSessionOwner(token: string): Promise<SignInUser | null> {
    const [row] = await this.db
      .select(signInColumns)
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.token, token))
      .limit(1);
    return row ? toSignInUser(row) : null;
  }

  /** The user whose password was accepted and who still owes a code, from the challenge cookie. */
  private async pendingSecondFactor(
    client: ClientInfo,
  ): Promise<{ user: SignInUser; cookie: string } | null> {
    const { engine } = this.deps;
    const names = await engine.cookieNames();
    const cookies = engine.cookiesOf(client);
    const identifier = await engine.unsign(cookies.get(names.twoFactor));
    if (!identifier) return null;
    const [row] = await this.db
      .select(signInColumns)
      .from(verifications)
      .innerJoin(users, eq(users.id, verifications.value))
      .where(eq(verifications.identifier, identifier))
      .limit(1);
    if (!row) return null;
    const [cookie] = engine.forwardedCookies(cookies, [names.twoFactor]);
    return cookie ? { user: toSignInUser(row), cookie } : null;
  }
}

const signInColumns = {
  id: users.id,
  username: users.username,
  name: users.name,
  role: users.role,
  organisationId: users.organisationId,
  disabled: users.disabled,
  lockedUntil: users.lockedUntil,
  twoFactorEnabled: users.twoFactorEnabled,
  passwordChangeRequired: users.passwordChangeRequired,
};

function toSignInUser(row: {
  id: string;
  username: string | null;
  name: string;
  role: string;
  organisationId: string;
  disabled: boolean;
  lockedUntil: Date | null;
  twoFactorEnabled: boolean;
  passwordChangeRequired: boolean;
}): SignInUser {
  if (!isRole(row.role) || !row.username) {
    throw new Error(`user ${row.id} has no valid role or username`);
  }
  return { ...row, role: row.role, username: row.username };
}
