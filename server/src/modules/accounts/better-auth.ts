/**
 * The better-auth instance and how our services talk to it.
 *
 * better-auth does the cryptography and the session mechanics: password hashing, session
 * tokens and signed cookies, TOTP secrets (encrypted at rest), codes and backup codes, and the
 * pending-second-factor challenge. Our rules (lockout, idle timeout and lifetime, disabled
 * accounts, the TOTP obligation, forced password changes) live in the services beside this
 * file, on the platform clock. This file holds the instance's configuration, the request
 * plumbing (which cookies and headers reach it), and the request/cookie types those services
 * share. better-auth reads the wall clock internally; the notes at `createBetterAuth` say where
 * that matters and why it is harmless.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { isAPIError } from 'better-auth/api';
import { parseCookies } from 'better-auth/cookies';
import { constantTimeEqual, makeSignature } from 'better-auth/crypto';
import { twoFactor, username } from 'better-auth/plugins';
import type { Config } from '../../config.js';
import type { Database, Db, Tx } from '../../db/client.js';
import { accounts, sessions, twoFactors, users, verifications } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/password.js';
import { isValidUsername, SESSION_MAX_LIFETIME_MS } from '../../domain/sign-in.js';

/** Shown in authenticator apps beside the account name. */
export const TOTP_ISSUER = '云券 Yunquan';

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

/** Set-Cookie header values for the response: a new session, or cookies to clear. */
export interface CookieChanges {
  setCookies: string[];
}

export interface AuthDeps {
  config: Config;
  clock: Clock;
  database: Database;
}

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
function createBetterAuth(deps: AuthDeps) {
  const { config, clock, database } = deps;
  return betterAuth({
    appName: TOTP_ISSUER,
    secret: config.authSecret,
    baseURL: config.publicUrl,
    telemetry: { enabled: false },
    // Sign-in failures are audited by us; its warnings would only repeat them in the log.
    logger: { level: 'error' },
    database: drizzleAdapter(joiningDb(database.db), {
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
      // Accounts are created by UsersService (and enterprise registration), never here.
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
    // Requests reach better-auth only through these services; @fastify/rate-limit guards the routes.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'yunquan',
      // Secure (and __Secure- prefixed) behind HTTPS: PUBLIC_URL says so, or HTTPS_ONLY does
      // when TLS ends at a proxy and PUBLIC_URL was left at http://.
      useSecureCookies: config.httpsOnly || config.publicUrl.startsWith('https://'),
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

/**
 * The transaction better-auth's writes join, when a service opened one around its call
 * (`AuthEngine.inTransaction`). better-auth's own transaction support does not reach its
 * plugins (the second-factor plugin writes through `ctx.context.adapter` directly), so the
 * adapter is given a `db` that is the current transaction when there is one, else the
 * database: every statement better-auth sends then runs in the caller's transaction, and the
 * audit scope's row commits with it (D-audit-tx-4).
 */
const joinedTransaction = new AsyncLocalStorage<Tx>();

function joiningDb(db: Db): Db {
  return new Proxy(db, {
    get(target, property) {
      const current: Db | Tx = joinedTransaction.getStore() ?? target;
      const value = Reflect.get(current, property, current);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

export function hasAuthErrorCode(error: unknown, ...codes: string[]): boolean {
  if (!isAPIError(error)) return false;
  const code = (error.body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && codes.includes(code);
}

/**
 * One better-auth instance, shared by the sign-in, session, TOTP and password services, with
 * the cookie and header handling they all need.
 */
export class AuthEngine {
  private readonly instance: BetterAuth;
  private readonly authSecret: string;
  private readonly database: Database;

  constructor(deps: AuthDeps) {
    this.instance = createBetterAuth(deps);
    this.authSecret = deps.config.authSecret;
    this.database = deps.database;
  }

  /**
   * Runs better-auth calls (and the caller's own statements, given `tx`) in one transaction:
   * what better-auth writes commits with the audit row of the request's scope, or not at all.
   * Inside, every statement must use `tx` — on PGlite a statement sent to the database itself
   * would wait for this transaction for ever.
   */
  inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.database.db.transaction((tx) => joinedTransaction.run(tx, () => fn(tx)));
  }

  /** better-auth's endpoints, called in-process. */
  get api(): BetterAuth['api'] {
    return this.instance.api;
  }

  context() {
    return this.instance.$context;
  }

  async cookieNames() {
    const context = await this.context();
    return {
      session: context.authCookies.sessionToken.name,
      twoFactor: context.createAuthCookie('two_factor').name,
    };
  }

  /** The cookies of the request, by name. */
  cookiesOf(client: Pick<ClientInfo, 'cookieHeader'>): Map<string, string> {
    return parseCookies(client.cookieHeader ?? '');
  }

  /** The value inside a cookie signed by better-auth, or null when absent or forged. */
  async unsign(cookieValue: string | undefined): Promise<string | null> {
    if (!cookieValue) return null;
    const dot = cookieValue.lastIndexOf('.');
    if (dot < 1) return null;
    const value = cookieValue.slice(0, dot);
    const signature = cookieValue.slice(dot + 1);
    const expected = await makeSignature(value, this.authSecret);
    return constantTimeEqual(expected, signature) ? value : null;
  }

  /** `name=value` pairs of the named cookies that are present, ready for a Cookie header. */
  forwardedCookies(cookies: Map<string, string>, names: string[]): string[] {
    return names.flatMap((name) => {
      const value = cookies.get(name);
      return value === undefined ? [] : [`${name}=${encodeURIComponent(value)}`];
    });
  }

  /** Headers carrying only the session cookie: for calls made on behalf of the signed-in user. */
  async sessionHeaders(client: ClientInfo): Promise<Headers> {
    const names = await this.cookieNames();
    return this.headersFor(client, this.forwardedCookies(this.cookiesOf(client), [names.session]));
  }

  headersFor(client: ClientInfo, cookies: string[]): Headers {
    const headers = new Headers({ [CLIENT_IP_HEADER]: client.ip });
    if (client.userAgent) headers.set('user-agent', client.userAgent);
    if (cookies.length > 0) headers.set('cookie', cookies.join('; '));
    return headers;
  }
}
