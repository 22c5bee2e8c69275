/**
 * The operator billing system's API, /api/open/v1 (open-api.md). Thin: authenticate (scope
 * hooks), parse (schemas), run idempotently, call the ledger, present.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CODES } from '../../errors.js';
import type { Services } from '../../services.js';
import { vouchersOf } from '../ledger/vouchers.query.js';
import { runIdempotent, runIdempotentFolded } from './idempotency.js';
import { clientOf, registerOpenApiAuth } from './open-api.auth.js';
import { listDeductionsAndReversals } from './open-api.listing.js';
import {
  batchRequest,
  batchResponse,
  creditCodeSchema,
  deductionRequest,
  deductionResponse,
  listQuery,
  listResponse,
  problemSchema,
  reversalRequest,
  reversalResponse,
  vouchersResponse,
} from './open-api.schemas.js';

const TAG = 'Open API v1';
const problems = {
  400: problemSchema,
  401: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
  429: problemSchema,
  // The database unreachable for the moment (D-db-survival-1): retry after Retry-After
  // seconds with the same Idempotency-Key.
  503: problemSchema,
};
const idempotencyHeader = z.object({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required on every POST' })
    .regex(/^[\x21-\x7e]{1,128}$/, 'Idempotency-Key must be 1–128 visible ASCII characters')
    .describe('1–128 visible ASCII characters, unique per client; kept at least 30 days'),
});

export function registerOpenApiRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  registerOpenApiAuth(app, services);
  // Counted per key, and only once the signature has checked out: the route's own
  // preValidation hook runs after the scope's authentication hook, so a caller who merely knows
  // a key id (it is in the audit trail) cannot use up that key's budget. Failed attempts are
  // limited per address in open-api.auth.ts instead.
  const rateLimit = {
    max: services.config.openApiRateLimitPerMinute,
    timeWindow: 60_000,
    hook: 'preValidation' as const,
    keyGenerator: (request: FastifyRequest) => `key:${clientOf(request).keyId}`,
  };

  api.get(
    '/enterprises/:creditCode/vouchers',
    {
      config: { access: 'api-client', rateLimit },
      schema: {
        tags: [TAG],
        summary: "An enterprise's vouchers and tranches, with what is available now",
        params: z.object({ creditCode: creditCodeSchema }),
        response: { 200: vouchersResponse, ...problems },
      },
    },
    async (request) => {
      clientOf(request);
      const { creditCode } = request.params;
      const vouchers = await vouchersOf(
        services.database.raw,
        { creditCode },
        services.clock.now(),
      );
      if (vouchers.length === 0) await services.ledger.assertEnterpriseExists(creditCode);
      return { vouchers };
    },
  );

  api.post(
    '/deductions',
    {
      config: { access: 'api-client', audit: 'open-api.deduct', rateLimit },
      schema: {
        tags: [TAG],
        summary: 'Deduct vouchers for one bill (核销)',
        headers: idempotencyHeader,
        body: deductionRequest,
        response: { 201: deductionResponse, 200: deductionResponse, ...problems },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      request.audit = { targetType: 'order', targetId: request.body.orderNo };
      return runIdempotentFolded(services, request, reply, client.clientId, (tx, key) =>
        services.ledger.deductOneIdempotently(tx, request.body, client, key),
      );
    },
  );

  api.post(
    '/deductions/batch',
    {
      config: { access: 'api-client', audit: 'open-api.deduct-batch', rateLimit },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: [TAG],
        summary: 'Deduct up to 1,000 bills; each item succeeds or fails on its own',
        headers: idempotencyHeader,
        body: batchRequest,
        response: { 200: batchResponse, ...problems },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      request.audit = { targetType: 'batch', detail: { items: request.body.items.length } };
      const { items } = request.body;
      return runIdempotentFolded(services, request, reply, client.clientId, (tx, key) =>
        services.ledger.deductIdempotently(tx, items, client, {
          key,
          respond: (outcomes) => {
            const results = outcomes.map((outcome, index) => {
              const orderNo = items[index]?.orderNo ?? '';
              if (outcome.ok) return { orderNo, ok: true as const, result: outcome.result };
              const { code, detail } = outcome.error;
              const { status, title } = ERROR_CODES[code];
              return {
                orderNo,
                ok: false as const,
                error: { status, code, title, detail: detail ?? title },
              };
            });
            return { status: 200, body: { results } };
          },
        }),
      );
    },
  );

  api.post(
    '/deductions/:deductionId/reversals',
    {
      config: { access: 'api-client', audit: 'open-api.reverse', rateLimit },
      schema: {
        tags: [TAG],
        summary: 'Reverse a deduction wholly or partly (bill cancelled or refunded)',
        headers: idempotencyHeader,
        params: z.object({ deductionId: z.string().min(1).max(64) }),
        body: reversalRequest,
        response: { 201: reversalResponse, 200: reversalResponse, ...problems },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      request.audit = { targetType: 'deduction', targetId: request.params.deductionId };
      return runIdempotent(services, request, reply, client.clientId, async (tx) => ({
        status: 201,
        body: await services.ledger.reverse(tx, {
          clientId: client.clientId,
          operatorId: client.operatorId,
          deductionId: request.params.deductionId,
          amount: request.body.amount,
          reason: request.body.reason,
        }),
      }));
    },
  );

  api.get(
    '/deductions',
    {
      config: { access: 'api-client', rateLimit },
      schema: {
        tags: [TAG],
        summary: "The client's deductions and reversals, oldest first, for reconciliation",
        querystring: listQuery,
        response: { 200: listResponse, ...problems },
      },
    },
    async (request) => {
      const client = clientOf(request);
      return listDeductionsAndReversals(services.database.raw, client.clientId, request.query);
    },
  );
}
