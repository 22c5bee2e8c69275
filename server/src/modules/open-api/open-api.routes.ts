/**
 * The operator billing system's API, /api/open/v1 (open-api.md). Thin: authenticate (scope
 * hooks), parse (schemas), run idempotently, call the ledger, present.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { monthState, monthWindow, parseMonth } from '../../domain/monthly-report.js';
import { localYear } from '../../domain/time.js';
import { AppError, fieldError } from '../../errors.js';
import type { Services } from '../../services.js';
import { listDeductionsAndReversals } from '../ledger/client-activity.query.js';
import { answerKeyed, runIdempotent } from '../ledger/idempotency.js';
import {
  creditCodeSchema,
  deductionResponse,
  reversalRequest,
  reversalResponse,
} from '../ledger/ledger.schemas.js';
import { statementOf } from '../ledger/statement.query.js';
import { vouchersOf } from '../ledger/vouchers.query.js';
import { clientOf, registerOpenApiAuth, signedRequestKey } from './open-api.auth.js';
import {
  batchRequest,
  batchResponse,
  deductionRequest,
  listQuery,
  listResponse,
  problemSchema,
  settlementParams,
  settlementResponse,
  statementParams,
  statementResponse,
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
    .string({ error: '每个 POST 请求都须带 Idempotency-Key 请求头' })
    .regex(/^[\x21-\x7e]{1,128}$/, 'Idempotency-Key 须为 1–128 个可见 ASCII 字符')
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
        operationId: 'getEnterpriseVouchers',
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
        operationId: 'createDeduction',
        summary: 'Deduct vouchers for one bill (核销)',
        headers: idempotencyHeader,
        body: deductionRequest,
        response: { 201: deductionResponse, 200: deductionResponse, ...problems },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      request.audit = { targetType: 'order', targetId: request.body.orderNo };
      // One database call decides, writes and stores the answer with the key (D-ledger-fn-1).
      const key = signedRequestKey(request);
      const answer = await services.ledger.deductKeyed([request.body], client, key, { one: true });
      return answerKeyed(reply, answer, key.requestHash);
    },
  );

  api.post(
    '/deductions/batch',
    {
      config: { access: 'api-client', audit: 'open-api.deduct-batch', rateLimit },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: [TAG],
        operationId: 'createDeductionBatch',
        summary: 'Deduct up to 1,000 bills; each item succeeds or fails on its own',
        headers: idempotencyHeader,
        body: batchRequest,
        response: { 200: batchResponse, ...problems },
      },
    },
    async (request, reply) => {
      const client = clientOf(request);
      request.audit = { targetType: 'batch', detail: { items: request.body.items.length } };
      // The batch's answer, one result per bill, is built and stored by the same call.
      const key = signedRequestKey(request);
      const answer = await services.ledger.deductKeyed(request.body.items, client, key, {
        one: false,
      });
      return answerKeyed(reply, answer, key.requestHash);
    },
  );

  api.post(
    '/deductions/:deductionId/reversals',
    {
      config: { access: 'api-client', audit: 'open-api.reverse', rateLimit },
      schema: {
        tags: [TAG],
        operationId: 'reverseDeduction',
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
        operationId: 'listDeductions',
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

  api.get(
    '/statements/:month',
    {
      config: { access: 'api-client', rateLimit },
      schema: {
        tags: [TAG],
        operationId: 'getMonthlyStatement',
        summary:
          "The operator's deductions and reversals of one calendar month, for reconciliation",
        params: statementParams,
        response: { 200: statementResponse, ...problems },
      },
    },
    async (request) => {
      const client = clientOf(request);
      const { month } = request.params;
      const period = parseMonth(month);
      if (!period) {
        throw fieldError('params.month', '月份格式应为 YYYY-MM（如 2026-01）');
      }
      const { timeZone } = (await services.policies.inForce()).document;
      const now = services.clock.now();
      const state = monthState(period, now, timeZone);
      if (state === 'not-started') {
        throw new AppError('PERIOD_NOT_STARTED', `${month} has not started`);
      }
      const { start, end } = monthWindow(period, timeZone);
      const statement = await statementOf(services.database.raw, client.operatorId, start, end);
      return { month, complete: state === 'ended', ...statement, generatedAt: now.toISOString() };
    },
  );

  api.get(
    '/settlements/:year',
    {
      config: { access: 'api-client', rateLimit },
      schema: {
        tags: [TAG],
        operationId: 'getSettlement',
        summary: 'Where the settlement of a year stands: submitted, recognised, paid',
        params: settlementParams,
        response: { 200: settlementResponse, ...problems },
      },
    },
    async (request) => {
      const year = Number(request.params.year);
      const { timeZone } = (await services.policies.inForce()).document;
      if (year > localYear(services.clock.now(), timeZone)) {
        throw new AppError('PERIOD_NOT_STARTED', `${year} 年尚未开始`);
      }
      return services.redemptionChain.settlement(year);
    },
  );
}
