/**
 * Authorisation in one place. Every route declares `config.access`; a route without one
 * stops the app at start-up. Before each handler the caller is resolved and checked against
 * the role table (domain/permissions.ts). State-changing requests are audited twice over:
 *  - what they commit carries its audit row in the same transaction: each audited request runs
 *    in an audit scope (modules/audit/audit.scope.ts) that every transaction writes before its
 *    COMMIT (D-audit-tx-1), so no crash can leave a committed change without its record;
 *  - before the response leaves, the hook below writes the request-level row when nothing was
 *    committed (a refusal, a denial, a validation error), or when the answer adds to or
 *    contradicts the committed row. That row goes through the audit backlog: if the database
 *    went away meanwhile it is written when the database returns, and the client is not told
 *    that a committed change failed.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { runInCommitScope } from '../db/commit-scope.js';
import type { Clock } from '../domain/clock.js';
import { type Permission, roleHasPermission } from '../domain/permissions.js';
import { AppError } from '../errors.js';
import { auditSubstance, outcomeOf, RequestAuditScope } from '../modules/audit/audit.scope.js';
import type { AuditEntry } from '../modules/audit/audit.writer.js';
import { crossSiteVerdict, needsSameOrigin } from './cross-site.js';
import type { Actor, RouteAccess } from './types.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/** Finds who is calling. `expired` means a session cookie was sent but is no longer valid. */
export interface SessionResolver {
  resolve(request: FastifyRequest): Promise<{ actor: Actor } | { expired: true } | null>;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAccessControl(
  app: FastifyInstance,
  deps: {
    sessions: SessionResolver;
    /**
     * The audit backlog in the app (modules/audit/audit.backlog.ts): when the database goes
     * away between the handler's commit and this append, the entry is kept and written
     * later, and the client gets the committed result instead of a failure (D-db-survival-2).
     */
    audit: { append(entry: AuditEntry): Promise<void> };
    /** The time of the rows written inside transactions (the app's clock). */
    clock: Clock;
    routes: RegisteredRoute[];
    /** PUBLIC_URL's origin when configured; null: the request's own Host is the platform's. */
    publicOrigin: string | null;
    /** Tests only: called as a route's handler starts. */
    observeHandlers?: (route: { method: string; url: string }) => void;
  },
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('apiClient', null);
  app.decorateRequest('rawBody', null);
  app.decorateRequest('rawBodySha256', null);
  app.decorateRequest('audit', null as never);
  app.decorateRequest('auditScope', null);

  // First of the hooks that need it, in callback form: the audit scope then travels with
  // the request's async context into every later hook, the handler and the services it calls.
  app.addHook('onRequest', (request, _reply, done) => {
    request.audit = {};
    if (!isAudited(request)) {
      done();
      return;
    }
    const scope = new RequestAuditScope(
      (status) => requestAuditEntry(request, status ?? successStatusOf(request)),
      (note) => {
        if (note.targetType !== undefined) request.audit.targetType = note.targetType;
        if (note.targetId !== undefined) request.audit.targetId = note.targetId;
        if (note.detail) request.audit.detail = { ...request.audit.detail, ...note.detail };
      },
      deps.clock,
    );
    request.auditScope = scope;
    runInCommitScope(scope, done);
  });

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      deps.routes.push({ method, url: route.url, access: route.config?.access });
    }
    const observe = deps.observeHandlers;
    if (observe) {
      const handler = route.handler;
      route.handler = function observed(this: FastifyInstance, request, reply) {
        observe({ method: request.method, url: route.url });
        return handler.call(this, request, reply);
      };
    }
  });

  app.addHook('onReady', async () => {
    const missing = deps.routes.filter((r) => r.access === undefined);
    if (missing.length > 0) {
      throw new Error(
        `Routes without a declared access rule: ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`,
      );
    }
  });

  // Access is decided on arrival, before the body is parsed or validated: a caller who may
  // not use a route learns nothing about its input rules.
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (access === undefined) throw new AppError('FORBIDDEN', 'route declares no access rule');
    // Before anything else, public routes included (sign-in, registration): a page on another
    // site must not act with this browser's cookies, nor sign it into an account of its choosing.
    if (needsSameOrigin(request) && crossSiteVerdict(request, deps.publicOrigin) === 'cross-site') {
      throw new AppError('CROSS_SITE_REQUEST');
    }
    if (access === 'public' || access === 'api-client') return;
    const resolved = await deps.sessions.resolve(request);
    if (resolved === null) throw new AppError('UNAUTHENTICATED', '请先登录 Please sign in');
    if ('expired' in resolved) {
      throw new AppError('SESSION_EXPIRED', '登录已超时，请重新登录 Your session has expired');
    }
    const { actor } = resolved;
    request.actor = actor;
    // A temporary password comes first: until it is changed, only the routes that say so
    // (who am I, the change itself) are open; sign-out is public. The TOTP enrolment follows.
    if (actor.passwordChangeRequired) {
      if (!request.routeOptions.config.allowDuringPasswordChange) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED');
      }
    } else if (
      actor.totpEnrolmentRequired &&
      !request.routeOptions.config.allowDuringTotpEnrolment
    ) {
      throw new AppError('TOTP_ENROLMENT_REQUIRED');
    }
    if (!roleHasPermission(actor.role, access as Permission)) {
      throw new AppError('FORBIDDEN', `角色无此权限 The role lacks permission ${access}`);
    }
  });

  // No cache (browser, proxy) keeps what an authenticated caller was shown. Public API answers
  // (sign-in, errors) are no-store too unless the route chose its own caching (a template).
  // The UI's static files are not under /api and keep theirs.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.actor || request.apiClient) {
      reply.header('cache-control', 'no-store');
    } else if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isAudited(request)) return payload;
    const entry = requestAuditEntry(request, reply.statusCode);
    const recorded = request.auditScope?.recorded;
    if (recorded) {
      // The change and its row committed together. A second row only when the answer says
      // more (detail the handler added after the commit) or something else (an error after
      // the commit): it names the first.
      if (auditSubstance(recorded.entry) === auditSubstance(entry)) return payload;
      entry.detail = { ...entry.detail, recordedAs: recorded.id };
    }
    await deps.audit.append(entry);
    return payload;
  });
}

/** State-changing routes are audited unless they write their own rows (`audit: false`). */
function isAudited(request: FastifyRequest): boolean {
  const config = request.routeOptions.config;
  return (
    MUTATING.has(request.method) &&
    config !== undefined &&
    config.audit !== false &&
    config.access !== undefined
  );
}

/** The request's row as it stands: who, what, on what, with which answer. */
function requestAuditEntry(request: FastifyRequest, status: number): AuditEntry {
  const config = request.routeOptions.config;
  const { actor, apiClient } = request;
  return {
    actorUserId: actor?.userId ?? null,
    actorName: actor?.name ?? (apiClient ? `api:${apiClient.keyId}` : null),
    actorRole: actor?.role ?? (apiClient ? 'api_client' : null),
    organisationId: actor?.organisationId ?? apiClient?.operatorId ?? null,
    action: config.audit || `${request.method} ${request.routeOptions.url ?? request.url}`,
    targetType: request.audit.targetType ?? null,
    targetId: request.audit.targetId ?? null,
    outcome: outcomeOf(status),
    requestId: String(request.id),
    ipAddress: request.ip,
    detail: { status, ...request.audit.detail },
  };
}

/**
 * The status a committed change will be answered with, as far as the transaction can know:
 * the route's declared 2xx response (201 for a creation), else 200.
 */
function successStatusOf(request: FastifyRequest): number {
  const response = (
    request.routeOptions.schema as { response?: Record<string, unknown> } | undefined
  )?.response;
  const declared = Object.keys(response ?? {}).find((code) => /^2\d\d$/.test(code));
  return declared ? Number(declared) : 200;
}

/** The caller, for handlers behind a permission (never null there). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}
