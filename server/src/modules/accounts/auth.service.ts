/**
 * Authentication, assembled: one better-auth instance (better-auth.ts) shared by
 * - `signIn`   — the sign-in flow: password, lockout, the TOTP step, sign-out (sign-in.service.ts)
 * - `sessions` — session resolution: idle timeout, lifetime, revocation (sessions.service.ts)
 * - `totp`     — one's second factor: enrolment, disabling (totp.service.ts)
 * - `passwords`— stored passwords: hash, check, replace (passwords.service.ts)
 */
import type { AuditWriter } from '../audit/audit.writer.js';
import { type AuthDeps, AuthEngine } from './better-auth.js';
import { PasswordService } from './passwords.service.js';
import { SessionService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';
import { TotpService } from './totp.service.js';

export type { ClientInfo, CookieChanges } from './better-auth.js';
export { TOTP_ISSUER } from './better-auth.js';
export type { SessionView } from './sessions.service.js';
export type { SignInStatus } from './sign-in.service.js';
export type { TotpEnrolment } from './totp.service.js';

export interface Auth {
  signIn: SignInService;
  sessions: SessionService;
  totp: TotpService;
  passwords: PasswordService;
}

export function createAuth(deps: AuthDeps & { audit: AuditWriter }): Auth {
  const engine = new AuthEngine(deps);
  const passwords = new PasswordService({ ...deps, engine });
  return {
    signIn: new SignInService({ ...deps, engine, passwords }),
    sessions: new SessionService({ ...deps, engine }),
    totp: new TotpService({ ...deps, engine }),
    passwords,
  };
}
