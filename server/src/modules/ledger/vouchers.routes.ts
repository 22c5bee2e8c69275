/**
 * Voucher pages' API: the enterprise's own vouchers and usage (with Excel export), the
 * operator clerk's lookup / deduct / reverse (核销、冲正), and the Data Bureau's supervision
 * view. Every query is scoped by the caller's organisation.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  formatMonth,
  monthWindow,
  parseMonth,
  type YearMonth,
} from '../../domain/monthly-report.js';
import { localYearMonth } from '../../domain/time.js';
import { actorOf } from '../../http/access.js';
import { fileResponse, XLSX } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import { answerKeyed, requestKeyOf, runIdempotent } from './idempotency.js';
import {
  creditCodeSchema,
  deductionResponse,
  reversalRequest,
  reversalResponse,
  trancheSchema,
} from './ledger.schemas.js';
import { operatorDeductionsWorkbook, usageWorkbook } from './usage.export.js';
import { usageOf } from './usage.query.js';
import { vouchersOf } from './vouchers.query.js';

const voucherView = z.object({
  voucherId: z.string(),
  creditCode: z.string(),
  enterpriseName: z.string(),
  listYear: z.int(),
  star: z.int(),
  amount: z.int(),
  grantedAt: z.string(),
  policyVersion: z.string(),
  tranches: z.array(trancheSchema.extend({ balance: z.int() })),
});
const paging = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
const usageRow = z.object({
  type: z.enum(['deduction', 'reversal']),
  id: z.string(),
  deductionId: z.string(),
  orderNo: z.string(),
  creditCode: z.string(),
  enterpriseName: z.string(),
  category: z.string(),
  requested: z.int().nullable(),
  amount: z.int(),
  payable: z.int().nullable(),
  reversible: z.int().nullable(),
  restored: z.int().nullable(),
  voided: z.int().nullable(),
  reason: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: z.string(),
});
const clerkDeduction = z.strictObject({
  orderNo: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters only'),
  creditCode: creditCodeSchema,
  category: z.string().min(1).max(32),
  amount: z.int().min(1).max(1_000_000_000_000),
  description: z.string().max(500).optional(),
});

function summarise(vouchers: Awaited<ReturnType<typeof vouchersOf>>) {
  let available = 0;
  let pending = 0;
  let used = 0;
  let voided = 0;
  for (const t of vouchers.flatMap((v) => v.tranches)) {
    available += t.available;
    pending += t.status === 'pending' ? t.balance : 0;
    used += t.used;
    voided += t.voided;
  }
  return { available, pending, used, voided };
}
const summary = z.object({ available: z.int(), pending: z.int(), used: z.int(), voided: z.int() });

export function registerVoucherRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { database, clock } = services;

  api.get(
    '/enterprise/vouchers',
    {
      config: { access: 'vouchers.own' },
      schema: { response: { 200: z.object({ vouchers: z.array(voucherView), summary }) } },
    },
    async (request) => {
      const vouchers = await vouchersOf(
        database.raw,
        { enterpriseId: actorOf(request).organisationId },
        clock.now(),
      );
      return { vouchers, summary: summarise(vouchers) };
    },
  );

  api.get(
    '/enterprise/usage',
    {
      config: { access: 'vouchers.own' },
      schema: {
        querystring: paging,
        response: { 200: z.object({ items: z.array(usageRow), total: z.int() }) },
      },
    },
    async (request) =>
      usageOf(database.raw, { enterpriseId: actorOf(request).organisationId }, request.query),
  );

  api.get(
    '/enterprise/usage.xlsx',
    {
      config: { access: 'vouchers.own' },
      schema: { response: { 200: fileResponse('资源券使用明细 (Excel)', XLSX) } },
    },
    async (request, reply) => {
      const policy = await services.policies.inForce();
      const workbook = await usageWorkbook(
        database.raw,
        actorOf(request).organisationId,
        clock.now(),
        policy.document.timeZone,
      );
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('资源券使用明细.xlsx')}`,
        )
        .send(workbook);
    },
  );

  api.get(
    '/operator/enterprises/:creditCode/vouchers',
    {
      config: { access: 'deductions.operate' },
      schema: {
        params: z.object({ creditCode: creditCodeSchema }),
        response: { 200: z.object({ vouchers: z.array(voucherView), summary }) },
      },
    },
    async (request) => {
      const { creditCode } = request.params;
      const vouchers = await vouchersOf(database.raw, { creditCode }, clock.now());
      if (vouchers.length === 0) await services.ledger.assertEnterpriseExists(creditCode);
      return { vouchers, summary: summarise(vouchers) };
    },
  );

  api.get(
    '/operator/deductions',
    {
      config: { access: 'deductions.operate' },
      schema: {
        querystring: paging.extend({ creditCode: creditCodeSchema.optional() }),
        response: { 200: z.object({ items: z.array(usageRow), total: z.int() }) },
      },
    },
    async (request) => {
      const { creditCode, ...page } = request.query;
      return usageOf(
        database.raw,
        { operatorId: actorOf(request).organisationId, ...(creditCode ? { creditCode } : {}) },
        page,
      );
    },
  );

  api.get(
    '/operator/deductions.xlsx',
    {
      config: { access: 'deductions.operate' },
      schema: {
        querystring: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM（如 2026-01）')
            .optional()
            .describe('Calendar month in the programme time zone; default: the current month'),
          creditCode: creditCodeSchema.optional(),
        }),
        response: { 200: fileResponse('核销记录 (Excel)', XLSX) },
      },
    },
    async (request, reply) => {
      const { timeZone } = (await services.policies.inForce()).document;
      const now = clock.now();
      const period = request.query.month
        ? (parseMonth(request.query.month) as YearMonth)
        : localYearMonth(now, timeZone);
      const { start, end } = monthWindow(period, timeZone);
      const label = formatMonth(period);
      const { creditCode } = request.query;
      const workbook = await operatorDeductionsWorkbook(
        database.raw,
        {
          operatorId: actorOf(request).organisationId,
          ...(creditCode ? { creditCode } : {}),
          period: { from: start, to: end },
        },
        label,
        now,
        timeZone,
      );
      const name = `核销记录-${label}${creditCode ? `-${creditCode}` : ''}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(workbook);
    },
  );

  // The clerk's page goes through the same idempotent path as the billing system: a double
  // click or a retried request never deducts twice.
  api.post(
    '/operator/deductions',
    {
      config: { access: 'deductions.operate', audit: 'ledger.deduct' },
      schema: {
        body: clerkDeduction,
        response: { 201: deductionResponse, 200: deductionResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const caller = { clientId: `ui:${actor.userId}`, operatorId: actor.organisationId };
      request.audit = { targetType: 'order', targetId: request.body.orderNo };
      const key = requestKeyOf(request);
      const answer = await services.ledger.deductKeyed([request.body], caller, key, { one: true });
      return answerKeyed(reply, answer, key.requestHash);
    },
  );

  api.post(
    '/operator/deductions/:deductionId/reversals',
    {
      config: { access: 'deductions.operate', audit: 'ledger.reverse' },
      schema: {
        params: z.object({ deductionId: z.string().min(1).max(64) }),
        body: reversalRequest,
        response: { 201: reversalResponse, 200: reversalResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const clientId = `ui:${actor.userId}`;
      request.audit = { targetType: 'deduction', targetId: request.params.deductionId };
      return runIdempotent(services, request, reply, clientId, async (tx) => ({
        status: 201,
        body: await services.ledger.reverse(tx, {
          clientId,
          operatorId: actor.organisationId,
          deductionId: request.params.deductionId,
          ...request.body,
        }),
      }));
    },
  );

  api.get(
    '/supervision/enterprises/:creditCode/vouchers',
    {
      config: { access: 'vouchers.supervise' },
      schema: {
        params: z.object({ creditCode: creditCodeSchema }),
        response: { 200: z.object({ vouchers: z.array(voucherView), summary }) },
      },
    },
    async (request) => {
      const { creditCode } = request.params;
      const vouchers = await vouchersOf(database.raw, { creditCode }, clock.now());
      if (vouchers.length === 0) await services.ledger.assertEnterpriseExists(creditCode);
      return { vouchers, summary: summarise(vouchers) };
    },
  );
}
