/**
 * Managing one's second factor (TOTP): enrolment (a new secret and backup codes, then a first
 * code to confirm it), turning it off where the role allows, the rule of who must have one,
 * and the demo seed's known secret. Using a code at sign-in is the sign-in flow's business
 * (sign-in.service.ts).
 */
import { randomUUID } from 'node:crypto';
import { symmetricEncrypt } from 'better-auth/crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { twoFactors, users } from '../../db/schema/index.js';
import type { Clock } from '../../domain/clock.js';
import { type Role, roleRequiresTotp } from '../../domain/permissions.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../http/types.js';
import {
  type AuthEngine,
  type ClientInfo,
  type CookieChanges,
  hasAuthErrorCode,
  TOTP_ISSUER,
} from './better-auth.js';

export interface TotpEnrolment {
  /** otpauth:// URI for a QR code. */
  totpUri: string;
  /** The same secret in Base32, for typing into an authenticator by hand. */
  secret: string;
  /** One-time recovery codes; shown once, stored encrypted. */
  backupCodes: string[];
}

/** Whether the platform requires a second factor of this user that they have not enrolled yet. */
export function totpEnrolmentOwed(
  config: Pick<Config, 'requireTotp'>,
  user: { role: Role; twoFactorEnabled: boolean },
): boolean {
  return config.requireTotp && roleRequiresTotp(user.role) && !user.twoFactorEnabled;
}

export class TotpService {
  constructor(
    private readonly deps: { config: Config; clock: Clock; database: Database; engine: AuthEngine },
  ) {}

  /** Starts an enrolment: a new secret, not in force until confirmed with a code. */
  async startEnrolment(actor: Actor, password: string, client: ClientInfo): Promise<TotpEnrolment> {
    const { engine } = this.deps;
    const headers = await engine.sessionHeaders(client);
    // better-auth's writes join a transaction of ours, so the enrolment's audit row commits
    // with it (D-audit-tx-4); so do confirming and disabling below.
    const result = await engine
      .inTransaction(() => engine.api.enableTwoFactor({ body: { password }, headers }))
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
  async confirmEnrolment(code: string, client: ClientInfo): Promise<CookieChanges> {
    const { engine } = this.deps;
    try {
      const headers = await engine.sessionHeaders(client);
      const result = await engine.inTransaction(() =>
        engine.api.verifyTOTP({ body: { code }, headers, returnHeaders: true }),
      );
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
  async disable(actor: Actor, password: string, client: ClientInfo): Promise<CookieChanges> {
    const { config, engine } = this.deps;
    if (config.requireTotp && roleRequiresTotp(actor.role)) {
      throw new AppError('TOTP_REQUIRED_FOR_ROLE');
    }
    try {
      const headers = await engine.sessionHeaders(client);
      const result = await engine.inTransaction(() =>
        engine.api.disableTwoFactor({ body: { password }, headers, returnHeaders: true }),
      );
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
  async enableKnownSecret(userId: string, base32Secret: string): Promise<void> {
    const context = await this.deps.engine.context();
    // better-auth's marker for an imported Base32 secret (see its decryptTOTPSecret).
    const secret = await symmetricEncrypt({
      key: context.secretConfig,
      data: `base32:${base32Secret}`,
    });
    const backupCodes = await symmetricEncrypt({ key: context.secretConfig, data: '[]' });
    await this.deps.database.db.transaction(async (tx) => {
      await tx.delete(twoFactors).where(eq(twoFactors.userId, userId));
      await tx
        .insert(twoFactors)
        .values({ id: randomUUID(), userId, secret, backupCodes, verified: true });
      await tx
        .update(users)
        .set({ twoFactorEnabled: true, updatedAt: this.deps.clock.now() })
        .where(eq(users.id, userId));
    });
  }
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
