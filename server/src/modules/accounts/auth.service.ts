/**
 * Sign-in, sessions and the second factor.
 *
 * better-auth does the cryptography and the session mechanics: password hashing, session
 * tokens and signed cookies, TOTP secrets (encrypted at rest), codes and backup codes, and the
 * pending-second-factor challenge. Our rules are decided here, on the platform clock:
 * lockout after consecutive failures, the idle timeout and the maximum lifetime of a session,
 * disabled accounts, and the TOTP obligation for officials. better-auth reads the wall clock
 * internally; the notes at `createBetterAuth` say where that matters and why it is harmless.
 */
import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { isAPIError } from 'better-auth/api';
import { parseCookies } from 'better-auth/cookies';
import { constantTimeEqual, makeSignature, symmetricEncrypt } from 'better-auth/crypto';
import { twoFactor, username } from 'better-auth/plugins';
import { and, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import {
  accounts,
  organisations,
  sessions,
  twoFactors,
  users,
  verifications,
} from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { normaliseMobile } from '../../domain/identifiers.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/password.js';
import { isRole, type Role, roleRequiresTotp } from '../../domain/permissions.js';
import {
  isLocked,
  isSessionLive,
  isValidUsername,
  LOCKOUT_MS,
  MAX_CONSECUTIVE_FAILURES,
  normaliseUsername,
  SESSION_IDLE_TIMEOUT_MS,
  SESSION_MAX_LIFETIME_MS,
  sessionEndsAt,
  shouldRecordActivity,
} from '../../domain/sign-in.js';
import { AppError } from '../../errors.js';
import type { SessionResolver } from '../../http/access.js';
import type { Actor } from '../../http/types.js';
import type { AuditWriter } from '../audit/audit.writer.js';

/** Shown in authenticator apps beside the account name. */
export const TOTP_ISSUER = '云券 Yunquan';

/** better-auth's backup codes: ten letters and digits with a dash in the middle. */
const BACKUP_CODE_PATTERN = /^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/;

/**
 * The client address as Fastify resolved it (trustProxy applied), handed to better-auth under a
 * header of our own so it never re-parses X-Forwarded-For by rules of its own.
 */
const CLIENT_IP_HEADER = 'x-yunquan-client-ip';

/** What the sign-in flows need to know about the request, and nothing more. */
export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
  requestId: string;
  /** The Cookie header as sent. */
  cookieHeader: string | undefined;
}

export type SignInStatus = 'signed-in' | 'totp-required' | 'totp-enrolment-required';

/** Set-Cookie header values for the response: a new session, or cookies to clear. */
export interface CookieChanges {
  setCookies: string[];
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastActiveAt: Date;
  /** When the session ends unless it is used again before then (idle timeout or lifetime). */
  expiresAt: Date;
  ipAddress: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface TotpEnrolment {
  /** otpauth:// URI for a QR code. */
  totpUri: string;
  /** The same secret in Base32, for typing into an authenticator by hand. */
  secret: string;
  /** One-time recovery codes; shown once, stored encrypted. */
  backupCodes: string[];
}

export interface AuthServiceDeps {
  config: Config;
  clock: Clock;
  database: Database;
  audit: AuditWriter;
}

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
}

type AttemptReason =
  | 'unknown-user'
  | 'wrong-password'
  | 'wrong-code'
  | 'locked'
  | 'disabled'
  | 'challenge-expired';

/**
 * The better-auth instance. Where it reads the wall clock, and why that is harmless:
 * - `sessions.expires_at` is its own backstop (wall clock + 12 h) and it refuses a session
 *   past it. Our rules use `created_at` and `updated_at`, written by the hook below from our
 *   clock, and are checked first on every request; with a demo or test clock the backstop
 *   never fires first, because the wall clock moves no faster than ours.
 * - Session refresh is off: only we write `updated_at` (last activity).
 * - TOTP codes are checked against the wall clock, which is right: the authenticator on the
 *   person's phone uses real time whatever date the platform pretends it is.
 * - The pending second-factor challenge lasts 10 minutes of wall-clock time: a technical
 *   window for typing a code, not a business rule.
 * Its own second-factor lockout is off; failed codes count toward our lockout instead.
 */
function createBetterAuth(deps: { config: Config; clock: Clock; database: Database }) {
  const { config, clock, database } = deps;
  return betterAuth({
    appName: TOTP_ISSUER,
    secret: config.authSecret,
    baseURL: config.publicUrl,
    telemetry: { enabled: false },
    // Sign-in failures are audited by us; its warnings would only repeat them in the log.
    logger: { level: 'error' },
    database: drizzleAdapter(database.db, {
      provider: 'pg',
      schema: {
        user: users,
        session: sessions,
        account: accounts,
        verification: verifications,
        twoFactor: twoFactors,
      },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts are created by UsersService (and, later, enterprise registration), never here.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, input: false },
        organisationId: { type: 'string', required: true, input: false },
      },
    },
    session: { expiresIn: SESSION_MAX_LIFETIME_MS / 1000, disableSessionRefresh: true },
    // Requests reach better-auth only through this service; @fastify/rate-limit guards the routes.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'yunquan',
      useSecureCookies: config.publicUrl.startsWith('https://'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            const now = clock.now();
            return { data: { ...session, createdAt: now, updatedAt: now } };
          },
        },
      },
      user: {
        update: {
          before: async (user) => ({ data: { ...user, updatedAt: clock.now() } }),
        },
      },
    },
    plugins: [
      username({ usernameValidator: isValidUsername }),
      twoFactor({ accountLockout: { enabled: false } }),
    ],
  });
}

type BetterAuth = ReturnType<typeof createBetterAuth>;

function hasAuthErrorCode(error: unknown, ...codes: string[]): boolean {
  if (!isAPIError(error)) return false;
  const code = (error.body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && codes.includes(code);
}

function lockedError(lockedUntil: Date): AppError {
  return new AppError(
    'ACCOUNT_LOCKED',
    `连续失败次数过多，账号锁定至 ${lockedUntil.toISOString()} Too many failed attempts`,
    { lockedUntil: lockedUntil.toISOString() },
  );
}

export class AuthService implements SessionResolver {
  private readonly config: Config;
  private readonly clock: Clock;
  private readonly database: Database;
  private readonly audit: AuditWriter;
  private readonly auth: BetterAuth;

  constructor(deps: AuthServiceDeps) {
    this.config = deps.config;
    this.clock = deps.clock;
    this.database = deps.database;
    this.audit = deps.audit;
    this.auth = createBetterAuth(deps);
  }

  private get db() {
    return this.database.db;
  }

  private context() {
    return this.auth.$context;
  }

  private async cookieNames() {
    const context = await this.context();
    return {
      session: context.authCookies.sessionToken.name,
      twoFactor: context.createAuthCookie('two_factor').name,
    };
  }

  // ── Sign-in ────────────────────────────────────────────────────────────────────────────

  /** First step: a username (or mobile number) and password. */
  async signIn(
    input: { username: string; password: string },
    client: ClientInfo,
  ): Promise<{ status: SignInStatus } & CookieChanges> {
    const tried = input.username.trim();
    const user = await this.findUserBySignInName(tried);
    const note = (outcome: 'success' | 'failure' | 'denied', detail: Record<string, unknown>) =>
      this.auditAttempt('auth.sign-in', outcome, client, user, { username: tried, ...detail });

    if (!user) {
      // Costs what checking a real password costs, so timing does not reveal which names exist.
      await (await this.context()).password.hash(input.password);
      await note('failure', { reason: 'unknown-user' satisfies AttemptReason });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (isLocked(user.lockedUntil, this.clock.now())) {
      await note('denied', { reason: 'locked' satisfies AttemptReason });
      throw lockedError(user.lockedUntil!);
    }
    if (user.disabled) {
      // The password is checked first, so a guesser cannot learn that the account is disabled.
      if (!(await this.verifyPassword(user.id, input.password))) {
        return this.failedAttempt('auth.sign-in', user, 'wrong-password', client, tried);
      }
      await note('denied', { reason: 'disabled' satisfies AttemptReason });
      throw new AppError('ACCOUNT_DISABLED');
    }

    const result = await this.callSignIn(user.username, input.password, client).catch((error) => {
      if (hasAuthErrorCode(error, 'INVALID_USERNAME_OR_PASSWORD')) return null;
      throw error;
    });
    if (!result) return this.failedAttempt('auth.sign-in', user, 'wrong-password', client, tried);
    await this.clearFailures(user.id);
    const setCookies = result.headers.getSetCookie();
    if ('twoFactorRedirect' in result.response && result.response.twoFactorRedirect) {
      await note('success', { next: 'totp' });
      return { status: 'totp-required', setCookies };
    }
    await this.recordSignIn(user.id);
    await note('success', {});
    const status = this.totpEnrolmentRequired(user) ? 'totp-enrolment-required' : 'signed-in';
    return { status, setCookies };
  }

  private callSignIn(name: string, password: string, client: ClientInfo) {
    // No cookies are forwarded: nothing the client holds may change how this sign-in goes.
    return this.auth.api.signInUsername({
      body: { username: name, password },
      headers: this.headersFor(client, []),
      returnHeaders: true,
    });
  }

  /** Second step for accounts with TOTP: a code from the authenticator, or a backup code. */
  async completeTotpSignIn(code: string, client: ClientInfo): Promise<CookieChanges> {
    const pending = await this.pendingSecondFactor(client);
    if (!pending) {
      throw new AppError(
        'UNAUTHENTICATED',
        '没有等待验证码的登录，请重新登录 No sign-in is waiting for a code',
      );
    }
    const { user, cookie } = pending;
    const note = (outcome: 'success' | 'failure' | 'denied', detail: Record<string, unknown>) =>
      this.auditAttempt('auth.totp', outcome, client, user, { username: user.username, ...detail });

    if (isLocked(user.lockedUntil, this.clock.now())) {
      await note('denied', { reason: 'locked' satisfies AttemptReason });
      throw lockedError(user.lockedUntil!);
    }
    if (user.disabled) {
      await note('denied', { reason: 'disabled' satisfies AttemptReason });
      throw new AppError('ACCOUNT_DISABLED');
    }
    const usingBackupCode = BACKUP_CODE_PATTERN.test(code);
    const request = {
      body: { code },
      // Only the challenge cookie: a session cookie would make better-auth treat this as
      // confirming an enrolment for whoever that session belongs to.
      headers: this.headersFor(client, [cookie]),
      returnHeaders: true as const,
    };
    let setCookies: string[];
    try {
      const result = usingBackupCode
        ? await this.auth.api.verifyBackupCode(request)
        : await this.auth.api.verifyTOTP(request);
      setCookies = result.headers.getSetCookie();
    } catch (error) {
      if (hasAuthErrorCode(error, 'INVALID_CODE', 'INVALID_BACKUP_CODE')) {
        return this.failedAttempt('auth.totp', user, 'wrong-code', client, user.username);
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
    const names = await this.cookieNames();
    const cookies = parseCookies(client.cookieHeader ?? '');
    const token = await this.unsign(cookies.get(names.session));
    const owner = token ? await this.findSessionOwner(token) : null;
    const result = await this.auth.api.signOut({
      headers: this.headersFor(client, this.forwardedCookies(cookies, [names.session])),
      returnHeaders: true,
    });
    if (owner) await this.auditAttempt('auth.sign-out', 'success', client, owner, {});
    return { setCookies: result.headers.getSetCookie() };
  }

  private async failedAttempt(
    action: 'auth.sign-in' | 'auth.totp',
    user: SignInUser,
    reason: AttemptReason,
    client: ClientInfo,
    tried: string,
  ): Promise<never> {
    const lockedUntil = await this.countFailure(user.id);
    await this.auditAttempt(action, 'failure', client, user, {
      username: tried,
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
    const lockEnds = new Date(this.clock.now().getTime() + LOCKOUT_MS);
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

  private async recordSignIn(userId: string): Promise<void> {
    await this.db.update(users).set({ lastSignInAt: this.clock.now() }).where(eq(users.id, userId));
  }

  private async auditAttempt(
    action: string,
    outcome: 'success' | 'failure' | 'denied',
    client: ClientInfo,
    user: Pick<SignInUser, 'id' | 'name' | 'role' | 'organisationId'> | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append({
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

  private totpEnrolmentRequired(user: { role: Role; twoFactorEnabled: boolean }): boolean {
    return this.config.requireTotp && roleRequiresTotp(user.role) && !user.twoFactorEnabled;
  }

  // ── Sessions ───────────────────────────────────────────────────────────────────────────

  /**
   * Who is calling: no session cookie → null; a cookie that names no live session → expired
   * (the session is deleted if it ran out); otherwise the actor, with last activity recorded.
   */
  async resolve(request: FastifyRequest): Promise<{ actor: Actor } | { expired: true } | null> {
    const names = await this.cookieNames();
    const cookieValue = parseCookies(request.headers.cookie ?? '').get(names.session);
    if (!cookieValue) return null;
    const token = await this.unsign(cookieValue);
    if (!token) return { expired: true };
    const [row] = await this.db
      .select({
        sessionId: sessions.id,
        createdAt: sessions.createdAt,
        lastActiveAt: sessions.updatedAt,
        userId: users.id,
        username: users.username,
        name: users.name,
        role: users.role,
        disabled: users.disabled,
        twoFactorEnabled: users.twoFactorEnabled,
        organisationId: organisations.id,
        organisationKind: organisations.kind,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .innerJoin(organisations, eq(organisations.id, users.organisationId))
      .where(eq(sessions.token, token))
      .limit(1);
    if (!row) return { expired: true };
    const now = this.clock.now();
    if (!isSessionLive(row, now) || row.disabled) {
      await this.db.delete(sessions).where(eq(sessions.id, row.sessionId));
      return { expired: true };
    }
    if (!isRole(row.role) || !row.username) {
      throw new Error(`user ${row.userId} has no valid role or username`);
    }
    if (shouldRecordActivity(row.lastActiveAt, now)) {
      await this.db.update(sessions).set({ updatedAt: now }).where(eq(sessions.id, row.sessionId));
    }
    const role = row.role;
    return {
      actor: {
        userId: row.userId,
        username: row.username,
        name: row.name,
        role,
        organisationId: row.organisationId,
        organisationKind: row.organisationKind,
        sessionId: row.sessionId,
        totpEnrolmentRequired: this.totpEnrolmentRequired({
          role,
          twoFactorEnabled: row.twoFactorEnabled,
        }),
      },
    };
  }

  /** The caller's own live sessions, most recently used first. */
  async listSessions(actor: Actor): Promise<SessionView[]> {
    const rows = await this.db
      .select({
        id: sessions.id,
        createdAt: sessions.createdAt,
        lastActiveAt: sessions.updatedAt,
        ipAddress: sessions.ipAddress,
        userAgent: sessions.userAgent,
      })
      .from(sessions)
      .where(eq(sessions.userId, actor.userId));
    const now = this.clock.now();
    return rows
      .filter((row) => isSessionLive(row, now))
      .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime())
      .map((row) => ({
        ...row,
        ipAddress: row.ipAddress || null,
        userAgent: row.userAgent || null,
        expiresAt: sessionEndsAt(row),
        current: row.id === actor.sessionId,
      }));
  }

  /** Ends one of the caller's own sessions; anyone else's is simply not found. */
  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    const removed = await this.db
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, actor.userId)))
      .returning({ id: sessions.id });
    if (removed.length === 0) throw new AppError('NOT_FOUND', '会话不存在 No such session');
  }

  /** Ends every session of a user (disabling, password reset), or all but one. */
  async endSessionsOf(userId: string, options: { except?: string } = {}): Promise<number> {
    const removed = await this.db
      .delete(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          options.except ? ne(sessions.id, options.except) : undefined,
        ),
      )
      .returning({ id: sessions.id });
    return removed.length;
  }

  /** Deletes sessions past their idle timeout or lifetime; for the scheduled job. */
  async purgeExpiredSessions(): Promise<number> {
    const now = this.clock.now().getTime();
    const removed = await this.db
      .delete(sessions)
      .where(
        or(
          lt(sessions.updatedAt, new Date(now - SESSION_IDLE_TIMEOUT_MS)),
          lt(sessions.createdAt, new Date(now - SESSION_MAX_LIFETIME_MS)),
        ),
      )
      .returning({ id: sessions.id });
    return removed.length;
  }

  // ── Passwords ──────────────────────────────────────────────────────────────────────────

  async hashPassword(password: string): Promise<string> {
    return (await this.context()).password.hash(password);
  }

  async verifyPassword(userId: string, password: string): Promise<boolean> {
    const [account] = await this.db
      .select({ hash: accounts.password })
      .from(accounts)
      .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
      .limit(1);
    if (!account?.hash) return false;
    return (await this.context()).password.verify({ hash: account.hash, password });
  }

  /** Replaces a user's password (the caller has checked the policy). */
  async setPassword(userId: string, password: string): Promise<void> {
    const hash = await this.hashPassword(password);
    const updated = await this.db
      .update(accounts)
      .set({ password: hash, updatedAt: this.clock.now() })
      .where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')))
      .returning({ id: accounts.id });
    if (updated.length === 0) throw new Error(`user ${userId} has no password account`);
  }

  /** The credential row better-auth expects beside a user who signs in with a password. */
  async passwordAccountFor(userId: string, password: string) {
    const now = this.clock.now();
    return {
      id: randomUUID(),
      accountId: userId,
      providerId: 'credential',
      userId,
      password: await this.hashPassword(password),
      createdAt: now,
      updatedAt: now,
    } satisfies typeof accounts.$inferInsert;
  }

  // ── Second factor ──────────────────────────────────────────────────────────────────────

  /** Starts an enrolment: a new secret, not in force until confirmed with a code. */
  async startTotpEnrolment(
    actor: Actor,
    password: string,
    client: ClientInfo,
  ): Promise<TotpEnrolment> {
    const result = await this.auth.api
      .enableTwoFactor({ body: { password }, headers: await this.sessionHeaders(client) })
      .catch((error) => {
        if (hasAuthErrorCode(error, 'INVALID_PASSWORD')) throw new AppError('INVALID_CREDENTIALS');
        if (hasAuthErrorCode(error, 'TOTP_ALREADY_ENABLED')) {
          throw new AppError('CONFLICT', '已启用动态验证码 An authenticator is already enabled');
        }
        throw error;
      });
    const secret = 'totpURI' in result ? new URL(result.totpURI).searchParams.get('secret') : null;
    if (!secret || !('backupCodes' in result))
      throw new Error('better-auth returned no TOTP secret');
    return { totpUri: totpUri(actor.username, secret), secret, backupCodes: result.backupCodes };
  }

  /** Confirms an enrolment with a first code; the session is renewed with the factor on. */
  async confirmTotpEnrolment(code: string, client: ClientInfo): Promise<CookieChanges> {
    try {
      const result = await this.auth.api.verifyTOTP({
        body: { code },
        headers: await this.sessionHeaders(client),
        returnHeaders: true,
      });
      return { setCookies: result.headers.getSetCookie() };
    } catch (error) {
      if (hasAuthErrorCode(error, 'INVALID_CODE')) throw new AppError('INVALID_TOTP_CODE');
      if (hasAuthErrorCode(error, 'TOTP_NOT_ENABLED')) {
        throw new AppError('CONFLICT', '请先开始绑定动态验证码 Start the enrolment first');
      }
      throw error;
    }
  }

  /** Turns the second factor off, unless the platform requires it of this role. */
  async disableTotp(actor: Actor, password: string, client: ClientInfo): Promise<CookieChanges> {
    if (this.config.requireTotp && roleRequiresTotp(actor.role)) {
      throw new AppError('TOTP_REQUIRED_FOR_ROLE');
    }
    try {
      const result = await this.auth.api.disableTwoFactor({
        body: { password },
        headers: await this.sessionHeaders(client),
        returnHeaders: true,
      });
      return { setCookies: result.headers.getSetCookie() };
    } catch (error) {
      if (hasAuthErrorCode(error, 'INVALID_PASSWORD')) throw new AppError('INVALID_CREDENTIALS');
      throw error;
    }
  }

  /**
   * Turns TOTP on with a secret known in advance (Base32), already confirmed. Demo seeding
   * only: a published secret is no second factor.
   */
  async enableKnownTotpSecret(userId: string, base32Secret: string): Promise<void> {
    const context = await this.context();
    // better-auth's marker for an imported Base32 secret (see its decryptTOTPSecret).
    const secret = await symmetricEncrypt({
      key: context.secretConfig,
      data: `base32:${base32Secret}`,
    });
    const backupCodes = await symmetricEncrypt({ key: context.secretConfig, data: '[]' });
    await this.db.transaction(async (tx) => {
      await tx.delete(twoFactors).where(eq(twoFactors.userId, userId));
      await tx
        .insert(twoFactors)
        .values({ id: randomUUID(), userId, secret, backupCodes, verified: true });
      await tx
        .update(users)
        .set({ twoFactorEnabled: true, updatedAt: this.clock.now() })
        .where(eq(users.id, userId));
    });
  }

  // ── Helpers ────────────────────────────────────────────────────────────────────────────

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
    const names = await this.cookieNames();
    const cookies = parseCookies(client.cookieHeader ?? '');
    const identifier = await this.unsign(cookies.get(names.twoFactor));
    if (!identifier) return null;
    const [row] = await this.db
      .select(signInColumns)
      .from(verifications)
      .innerJoin(users, eq(users.id, verifications.value))
      .where(eq(verifications.identifier, identifier))
      .limit(1);
    if (!row) return null;
    const [cookie] = this.forwardedCookies(cookies, [names.twoFactor]);
    return cookie ? { user: toSignInUser(row), cookie } : null;
  }

  /** The value inside a cookie signed by better-auth, or null when absent or forged. */
  private async unsign(cookieValue: string | undefined): Promise<string | null> {
    if (!cookieValue) return null;
    const dot = cookieValue.lastIndexOf('.');
    if (dot < 1) return null;
    const value = cookieValue.slice(0, dot);
    const signature = cookieValue.slice(dot + 1);
    const expected = await makeSignature(value, this.config.authSecret);
    return constantTimeEqual(expected, signature) ? value : null;
  }

  private forwardedCookies(cookies: Map<string, string>, names: string[]): string[] {
    return names.flatMap((name) => {
      const value = cookies.get(name);
      return value === undefined ? [] : [`${name}=${encodeURIComponent(value)}`];
    });
  }

  private async sessionHeaders(client: ClientInfo): Promise<Headers> {
    const names = await this.cookieNames();
    const cookies = parseCookies(client.cookieHeader ?? '');
    return this.headersFor(client, this.forwardedCookies(cookies, [names.session]));
  }

  private headersFor(client: ClientInfo, cookies: string[]): Headers {
    const headers = new Headers({ [CLIENT_IP_HEADER]: client.ip });
    if (client.userAgent) headers.set('user-agent', client.userAgent);
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
    return headers;
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
}): SignInUser {
  if (!isRole(row.role) || !row.username) {
    throw new Error(`user ${row.id} has no valid role or username`);
  }
  return { ...row, role: row.role, username: row.username };
}

/**
 * The otpauth URI with the username as the account label (better-auth's uses the e-mail).
 * Every part is percent-encoded: some authenticators show a `+` in the issuer literally.
 */
function totpUri(accountName: string, base32Secret: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  const label = `${issuer}:${encodeURIComponent(accountName)}`;
  return `otpauth://totp/${label}?secret=${base32Secret}&issuer=${issuer}&digits=6&period=30`;
}
