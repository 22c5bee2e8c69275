/**
 * Enterprise registration (F9, article 10(一)): an agent proves a mobile number with a code sent
 * by SMS, chooses a password, accepts the personal-information rules, and gets an account in a
 * new, uncertified enterprise organisation (named and coded when its certification is approved).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { type Database, type RawSql, rawSqlOf } from '../../db/client.js';
import { runOutsideCommitScope } from '../../db/commit-scope.js';
import type { Clock } from '../../domain/clock.js';
import { maskMobile, normaliseMobile } from '../../domain/identifiers.js';
import { checkPasswordStrength, PASSWORD_PROBLEM_MESSAGES } from '../../domain/password.js';
import { AppError, ERROR_CODES } from '../../errors.js';
import { emailTaken, mobileTaken } from '../accounts/accounts.lookups.js';
import type { Auth, ClientInfo, CookieChanges } from '../accounts/auth.service.js';
import type { UsersService } from '../accounts/users.service.js';
import { noteAudit } from '../audit/audit.scope.js';
import { verificationCodeSms } from '../delivery/messages.js';
import type { OutboxService } from '../delivery/outbox.service.js';
import { TERMS_TEXT, TERMS_TITLE, TERMS_VERSION } from './terms.js';
import {
  CODE_LIMITS,
  CODE_TTL_SECONDS,
  type CodePurpose,
  checkCode,
  codeMatches,
  codeRequestDecision,
  generateCode,
  hashCode,
  MAX_CODE_ATTEMPTS,
} from './verification-codes.js';

const PURPOSE: CodePurpose = 'register';

export interface CodeSent {
  sentTo: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
  /** Demo mode only: the code itself, shown on screen. */
  demoCode?: string;
}

export interface RegistrationInput {
  mobile: string;
  code: string;
  password: string;
  name: string;
  email?: string | undefined;
  acceptTerms: boolean;
  termsVersion: string;
}

export interface Registered extends CookieChanges {
  user: { id: string; username: string; name: string; mobile: string };
  organisation: { id: string; name: string };
}

interface CodeRow {
  id: string;
  code_hash: string;
  expires_at: Date;
  attempts: number;
  consumed_at: Date | null;
}

/**
 * Agents sign in with their mobile number; the username every account needs is random, so
 * that it never shows the number where usernames are shown (headers, lists, audit trail).
 */
function agentUsername(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let suffix = '';
  for (let i = 0; i < 10; i++) suffix += alphabet.charAt(randomInt(alphabet.length));
  return `agent-${suffix}`;
}

function invalidMobile(): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    'mobile: 请输入 11 位中国大陆手机号码 Enter an 11-digit mainland mobile number',
    undefined,
    [{ field: 'body.mobile', message: '手机号码无效 invalid mobile number' }],
  );
}

const CODE_MESSAGES: Record<'CODE_INVALID' | 'CODE_EXPIRED' | 'CODE_ATTEMPTS_EXCEEDED', string> = {
  CODE_INVALID: '验证码错误，请核对短信中的 6 位数字',
  CODE_EXPIRED: `验证码已过期（有效期 ${CODE_TTL_SECONDS / 60} 分钟），请重新获取`,
  CODE_ATTEMPTS_EXCEEDED: `验证码错误已达 ${MAX_CODE_ATTEMPTS} 次，请重新获取`,
};

export class RegistrationService {
  constructor(
    private readonly deps: {
      config: Config;
      clock: Clock;
      database: Database;
      auth: Auth;
      users: UsersService;
      outbox: OutboxService;
    },
  ) {}

  terms() {
    return { version: TERMS_VERSION, title: TERMS_TITLE, text: TERMS_TEXT };
  }

  /** Sends a registration code by SMS, within the per-number limits. */
  async sendCode(mobileInput: string, ipAddress: string): Promise<CodeSent> {
    const { clock, database, config, outbox } = this.deps;
    const mobile = normaliseMobile(mobileInput);
    if (!mobile) throw invalidMobile();
    await this.assertMobileFree(mobile);

    const code = generateCode();
    const now = clock.now();
    const messageId = await database.raw.transaction(async (tx) => {
      // One number's requests one at a time, so two at once cannot both pass the limits.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`verification:${mobile}`]);
      const previous = await tx.query<{ created_at: Date }>(
        `SELECT created_at FROM verification_codes
          WHERE mobile = $1 AND purpose = $2 AND created_at > $3`,
        [mobile, PURPOSE, new Date(now.getTime() - 86_400_000)],
      );
      const decision = codeRequestDecision(
        previous.map((row) => new Date(row.created_at)),
        now,
      );
      if (!decision.ok) {
        const detail =
          decision.code === 'CODE_TOO_SOON'
            ? `获取验证码过于频繁，请 ${decision.retryAfterSeconds} 秒后再试`
            : `该手机号获取验证码次数已达上限（每小时 ${CODE_LIMITS.perHour} 次、每天 ${CODE_LIMITS.perDay} 次），请 ${decision.retryAfterSeconds} 秒后再试`;
        throw new AppError(decision.code, detail, { retryAfter: decision.retryAfterSeconds });
      }
      await tx.query(
        `INSERT INTO verification_codes (id, mobile, purpose, code_hash, ip_address, created_at,
           expires_at, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0)`,
        [
          randomUUID(),
          mobile,
          PURPOSE,
          hashCode(config.authSecret, PURPOSE, mobile, code),
          ipAddress,
          now,
          new Date(now.getTime() + CODE_TTL_SECONDS * 1000),
        ],
      );
      return outbox.enqueue(
        { channel: 'sms', to: mobile, body: verificationCodeSms(code, CODE_TTL_SECONDS / 60) },
        tx,
      );
    });
    await outbox.deliver([messageId]);
    return {
      sentTo: maskMobile(mobile),
      expiresInSeconds: CODE_TTL_SECONDS,
      resendAfterSeconds: CODE_LIMITS.minIntervalSeconds,
      ...(config.demo ? { demoCode: code } : {}),
    };
  }

  /**
   * Creates the agent's account and signs them in. Everything that can be checked without the
   * code is checked first, so a mistake elsewhere in the form does not use the code up.
   */
  async register(input: RegistrationInput, client: ClientInfo): Promise<Registered> {
    const { clock, database, users, auth } = this.deps;
    if (!input.acceptTerms || input.termsVersion !== TERMS_VERSION) {
      throw new AppError(
        'TERMS_NOT_ACCEPTED',
        input.acceptTerms
          ? `个人信息处理规则已更新（当前版本 ${TERMS_VERSION}），请重新阅读并同意`
          : '请阅读并同意《个人信息处理规则》',
        { termsVersion: TERMS_VERSION },
      );
    }
    const mobile = normaliseMobile(input.mobile);
    if (!mobile) throw invalidMobile();
    const strength = checkPasswordStrength(input.password);
    if (!strength.ok) {
      const errors = strength.problems.map((problem) => ({
        field: 'body.password',
        message: PASSWORD_PROBLEM_MESSAGES[problem],
      }));
      throw new AppError(
        'WEAK_PASSWORD',
        errors.map((e) => e.message).join('；'),
        { problems: strength.problems },
        errors,
      );
    }
    await this.assertMobileFree(mobile);
    const email = input.email?.trim().toLowerCase();
    if (email) await this.assertEmailFree(email);

    const now = clock.now();
    const organisationId = randomUUID();
    const organisationName = `未认证企业（${maskMobile(mobile)}）`;
    // One transaction (D-audit-tx-4): the code used up, the enterprise, the account, the
    // terms accepted and the request's audit row commit together; a race lost to another
    // registration of the same number or e-mail leaves nothing behind. A wrong code commits
    // only its counted attempt, with the audit row marked as the refusal it is.
    const created = await database.db.transaction(async (tx) => {
      const raw = rawSqlOf(tx);
      const check = await this.consumeCode(raw, mobile, input.code);
      if (!check.ok) {
        noteAudit({ status: ERROR_CODES[check.code].status });
        return check;
      }
      await users.createUncertifiedEnterprise(
        { id: organisationId, name: organisationName, createdAt: now },
        tx,
      );
      const account = await users.createAccount(
        {
          username: agentUsername(),
          name: input.name,
          role: 'enterprise_agent',
          organisationId,
          mobile,
          email,
          password: input.password,
        },
        tx,
      );
      await raw.query(
        `INSERT INTO terms_acceptances (user_id, terms_version, accepted_at, ip_address)
         VALUES ($1, $2, $3, $4)`,
        [account.id, TERMS_VERSION, now, client.ip],
      );
      // What the route records, known here, so the committed row is the whole record.
      noteAudit({ detail: { organisationId, mobile: maskMobile(mobile) } });
      return { ok: true as const, user: account };
    });
    if (!created.ok) {
      throw new AppError(created.code, CODE_MESSAGES[created.code], {
        ...(created.remaining !== undefined
          ? { remainingAttempts: Math.max(0, created.remaining) }
          : {}),
      });
    }
    const { user } = created;
    // By username, so that the sign-in's audit row does not carry the number in the clear.
    // The sign-in is an event of its own with its own audit row (sign-in.service.ts), outside
    // the registration's scope like every sign-in (D-audit-tx-4).
    const signedIn = await runOutsideCommitScope(() =>
      auth.signIn.withPassword({ username: user.username, password: input.password }, client),
    );
    return {
      user: { id: user.id, username: user.username, name: user.name, mobile: maskMobile(mobile) },
      organisation: { id: organisationId, name: organisationName },
      setCookies: signedIn.setCookies,
    };
  }

  private async assertMobileFree(mobile: string): Promise<void> {
    if (await mobileTaken(this.deps.database.raw, mobile)) {
      throw new AppError(
        'MOBILE_TAKEN',
        '该手机号已注册，请直接登录 This number is already registered: sign in instead',
      );
    }
  }

  private async assertEmailFree(email: string): Promise<void> {
    if (await emailTaken(this.deps.database.raw, email)) throw new AppError('EMAIL_TAKEN');
  }

  /**
   * Checks the code against the latest one sent, in the caller's transaction: a wrong code
   * counts (the caller commits the attempt), a right one is used up.
   */
  private async consumeCode(tx: RawSql, mobile: string, code: string) {
    const { clock, config } = this.deps;
    const now = clock.now();
    const candidate = hashCode(config.authSecret, PURPOSE, mobile, code);
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`verification:${mobile}`]);
    const [row] = await tx.query<CodeRow>(
      `SELECT id, code_hash, expires_at, attempts, consumed_at FROM verification_codes
        WHERE mobile = $1 AND purpose = $2 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [mobile, PURPOSE],
    );
    const latest = row
      ? {
          expiresAt: new Date(row.expires_at),
          attempts: row.attempts,
          consumedAt: row.consumed_at ? new Date(row.consumed_at) : null,
        }
      : null;
    const result = checkCode(latest, row ? codeMatches(row.code_hash, candidate) : false, now);
    if (row && result.ok) {
      await tx.query('UPDATE verification_codes SET consumed_at = $2 WHERE id = $1', [row.id, now]);
    } else if (row && !result.ok && result.code === 'CODE_INVALID' && !latest?.consumedAt) {
      await tx.query('UPDATE verification_codes SET attempts = attempts + 1 WHERE id = $1', [
        row.id,
      ]);
      return { ...result, remaining: MAX_CODE_ATTEMPTS - row.attempts - 1 };
    }
    return result.ok ? result : { ...result, remaining: undefined };
  }
}
