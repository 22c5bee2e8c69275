/**
 * buildApp(deps): the whole HTTP application. main.ts and the tests build the same app;
 * only the dependencies (config, clock, database) differ.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Clock } from './domain/clock.js';
import { type RegisteredRoute, registerAccessControl } from './http/access.js';
import { internalDocumentOptions, registerInternalApiDocumentRoute } from './http/api-contract.js';
import { registerControlCharacterCheck } from './http/control-characters.js';
import { registerProblemHandlers } from './http/problem.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerAccountRoutes } from './modules/accounts/accounts.routes.js';
import { AuditBacklog } from './modules/audit/audit.backlog.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerCertificationRoutes } from './modules/certification/certification.routes.js';
import { registerClaimRoutes } from './modules/claims/claims.routes.js';
import { registerFileRoutes } from './modules/files/files.routes.js';
import { registerVoucherRoutes } from './modules/ledger/vouchers.routes.js';
import { registerMonthlyReportRoutes } from './modules/monthly-reports/monthly-reports.routes.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { registerApiClientRoutes } from './modules/open-api/api-clients.routes.js';
import {
  OPEN_API_PREFIX,
  openApiDocumentOptions,
  registerOpenApiDocs,
} from './modules/open-api/open-api.docs.js';
import { registerOpenApiRoutes } from './modules/open-api/open-api.routes.js';
import { registerPlanRoutes } from './modules/plans/plans.routes.js';
import { registerPolicyRoutes } from './modules/policies/policies.routes.js';
import { registerRedemptionRoutes } from './modules/redemption/redemption.routes.js';
import { registerRegistrationRoutes } from './modules/registration/registration.routes.js';
import { registerStarListRoutes } from './modules/star-lists/star-lists.routes.js';
import { registerSupervisionRoutes } from './modules/supervision/supervision.routes.js';
import { registerSystemRoutes } from './modules/system/system.routes.js';
import { registerTransparencyRoutes } from './modules/transparency/transparency.routes.js';
import { registerVoucherBatchRoutes } from './modules/voucher-batches/voucher-batches.routes.js';
import { createServices, type Services } from './services.js';

export interface AppDeps {
  config: Config;
  clock: Clock;
  database: Database;
  /** Pino logger options; tests pass `false`. */
  logger?: boolean | object;
  /** Tests: told as each route's handler starts (the route matrix asserts calls reach it). */
  observeHandlers?: (route: { method: string; url: string }) => void;
}

export type App = FastifyInstance & {
  services: Services;
  registeredRoutes: RegisteredRoute[];
};

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // X-Forwarded-For only from configured proxies (TRUST_PROXY): believed from anyone, it
    // would let a client forge its address, reset per-address limits and mislead the audit trail.
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: 2 * 1024 * 1024,
    // Requests stay inside these bounds whatever a client sends.
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  const services = createServices(deps, app.log);
  const registeredRoutes: RegisteredRoute[] = [];

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // helmet's headers, worked out once (D-http-speed-2): same headers, same place, no per-request build.
  registerSecurityHeaders(app, config);
  await app.register(cookie, { secret: config.authSecret });
  // Limits per route are set where the file is read (modules/files/files.http.ts).
  await app.register(multipart, { limits: { files: 1, parts: 25, fieldSize: 10_000 } });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const error = new Error(`请求过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`);
      (error as Error & { statusCode: number }).statusCode = 429;
      return error;
    },
  });

  // Two documents from the same zod schemas: the published open API's and the UI's.
  await app.register(swagger, openApiDocumentOptions(config));
  await app.register(swagger, internalDocumentOptions());

  const auditBacklog = new AuditBacklog(services.audit, deps.clock, app.log);
  registerControlCharacterCheck(app);
  registerAccessControl(app, {
    sessions: services.auth.sessions,
    audit: auditBacklog,
    clock: deps.clock,
    routes: registeredRoutes,
    publicOrigin: config.publicUrlConfigured ? new URL(config.publicUrl).origin : null,
    observeHandlers: deps.observeHandlers,
  });

  await app.register(
    async (api) => {
      registerSystemRoutes(api, services);
      registerAccountRoutes(api, services);
      registerAuditRoutes(api, services);
      registerNotificationRoutes(api, services);
      registerPolicyRoutes(api, services);
      registerVoucherRoutes(api, services);
      registerApiClientRoutes(api, services);
      registerRegistrationRoutes(api, services);
      registerCertificationRoutes(api, services);
      registerFileRoutes(api, services);
      registerStarListRoutes(api, services);
      registerPlanRoutes(api, services);
      registerVoucherBatchRoutes(api, services);
      registerMonthlyReportRoutes(api, services);
      registerClaimRoutes(api, services);
      registerSupervisionRoutes(api, services);
      registerRedemptionRoutes(api, services);
      registerTransparencyRoutes(api, services);
      registerInternalApiDocumentRoute(api);
    },
    { prefix: '/api' },
  );
  await app.register(
    async (open) => {
      registerOpenApiRoutes(open, services);
      registerOpenApiDocs(open);
    },
    { prefix: OPEN_API_PREFIX },
  );

  await registerWebUi(app);

  const result = app as unknown as App;
  result.services = services;
  result.registeredRoutes = registeredRoutes;
  app.addHook('onClose', async () => {
    await auditBacklog.close();
    await services.audit.drain();
  });
  return result;
}

/** Fastify's trustProxy for the parsed TRUST_PROXY (a hop count becomes the function it means). */
function trustProxyOption(
  setting: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

/** Serves the built UI (web/dist) with the SPA fallback; API paths keep their 404s. */
async function registerWebUi(app: FastifyInstance): Promise<void> {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) return;
  // The build writes .br and .gz beside every text asset (web/vite.config.ts): send those to
  // browsers that accept them, with `Vary: Accept-Encoding`, and the plain file otherwise.
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false, preCompressed: true });
  const sendUi = (url: string, reply: import('fastify').FastifyReply) => {
    const relative = decodeURIComponent(url.split('?')[0] ?? '/').replace(/^\/+/, '');
    const candidate = path.resolve(WEB_DIST, relative);
    const isFile =
      relative !== '' &&
      candidate.startsWith(WEB_DIST + path.sep) &&
      fs.existsSync(candidate) &&
      fs.statSync(candidate).isFile();
    if (isFile) {
      // Vite fingerprints assets: cache them for long; index.html never.
      const immutable = relative.startsWith('assets/');
      return reply.sendFile(relative, { maxAge: immutable ? '365d' : 0, immutable });
    }
    // A missing fingerprinted asset (a page open since before an upgrade asks for an old chunk)
    // is a 404, not index.html: HTML served as a script fails in a way the UI cannot recover from.
    if (relative.startsWith('assets/')) return reply.callNotFound();
    return reply
      .header('cache-control', 'no-cache')
      .sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { access: 'public' } }, (request, reply) => sendUi(request.url, reply));
  app.get('/*', { config: { access: 'public' } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.callNotFound();
    }
    return sendUi(request.url, reply);
  });
}
