/** What a request carries once the http layer has looked at it. */
import type { OrganisationKind, Permission, Role } from '../domain/permissions.js';

/** `public`: anyone; `api-client`: an HMAC-signed open-API client; otherwise a permission. */
export type RouteAccess = Permission | 'public' | 'api-client';

/** A signed-in person, as every service sees them. */
export interface Actor {
  userId: string;
  username: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
  sessionId: string;
  /** Signed in with a password but still owes a TOTP enrolment (production officials). */
  totpEnrolmentRequired: boolean;
  /**
   * Signed in with a temporary password an administrator set, not yet changed. Set only by
   * session resolution; absent (false) for actors that are no session, such as the CLI.
   */
  passwordChangeRequired?: boolean;
}

/** An operator billing system, authenticated by its HMAC signature. */
export interface ApiCaller {
  clientId: string;
  keyId: string;
  operatorId: string;
  name: string;
}

export interface AuditAnnotation {
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every route: app start fails without it. */
    access?: RouteAccess;
    /** Audit action name for state-changing routes; `false` when the route audits itself. */
    audit?: string | false;
    /** Reachable while a TOTP enrolment is still owed (e.g. /api/me, the enrolment itself). */
    allowDuringTotpEnrolment?: boolean;
    /** Reachable while a temporary password must still be changed (/api/me, the change itself). */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** Set by handlers to enrich the audit row of this request. */
    audit: AuditAnnotation;
    /**
     * The audit scope of an audited (state-changing) request: its transactions write its
     * row before they commit (modules/audit/audit.scope.ts). Null on other requests.
     */
    auditScope: import('../modules/audit/audit.scope.js').RequestAuditScope | null;
    /** The open-API client, on `api-client` routes once its signature checked out. */
    apiClient: ApiCaller | null;
    /** The raw body, kept on open-API routes for the signature. */
    rawBody: Buffer | null;
    /** hex(SHA256(rawBody)), set by the signature check for the idempotency hash to reuse. */
    rawBodySha256: string | null;
  }
}
