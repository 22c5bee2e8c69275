/**
 * Issuance plans' API (Data Bureau): one plan per list year — create, approve (funds the
 * budget), raise the budget with a reason — and the live budget view every reader sees.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import type { Plan, PlanDetail } from './plans.service.js';

const MAX_FEN = 1_000_000_000_000_000;
const listYear = z.int().min(2000).max(2100);
const id = z.string().min(1).max(64);
const tiers = z.object({ 3: z.int(), 4: z.int(), 5: z.int() });

export const planSchema = z
  .object({
    id: z.string(),
    listYear: z.int(),
    policyId: z.string(),
    title: z.string(),
    totalBudget: z.int(),
    budgetBalance: z.int(),
    claimOpensAt: z.string(),
    claimClosesAt: z.string(),
    /** Where the clock is relative to the claim window. */
    claimWindow: z.enum(['upcoming', 'open', 'closed']),
    status: z.enum(['draft', 'approved']),
    approvedAt: z.string().nullable(),
    approvedBy: z.string().nullable(),
  })
  .meta({ id: 'Plan' });
export const planDetailSchema = z
  .object({
    plan: planSchema,
    policyVersion: z.string(),
    budget: z.object({
      total: z.int(),
      granted: z.int(),
      grantedVouchers: z.int(),
      remaining: z.int(),
      needAhead: z.int(),
      entriesAhead: z.int(),
      needByStar: z.object({
        3: z.object({ entries: z.int(), amount: z.int() }),
        4: z.object({ entries: z.int(), amount: z.int() }),
        5: z.object({ entries: z.int(), amount: z.int() }),
      }),
      shortfall: z.int(),
      warning: z.boolean(),
      policyVersion: z.string(),
      tierAmounts: tiers,
    }),
    history: z.array(
      z.object({
        kind: z.enum(['approval', 'increase']),
        amount: z.int(),
        reason: z.string(),
        by: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .meta({ id: 'PlanDetail' });

export function presentPlan(plan: Plan, now: Date) {
  const at = now.getTime();
  return {
    ...plan,
    claimOpensAt: plan.claimOpensAt.toISOString(),
    claimClosesAt: plan.claimClosesAt.toISOString(),
    claimWindow:
      at < plan.claimOpensAt.getTime()
        ? ('upcoming' as const)
        : at < plan.claimClosesAt.getTime()
          ? ('open' as const)
          : ('closed' as const),
    approvedAt: plan.approvedAt?.toISOString() ?? null,
  };
}

export function presentDetail(detail: PlanDetail, now: Date) {
  return {
    ...detail,
    plan: presentPlan(detail.plan, now),
    history: detail.history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

export function registerPlanRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { plans, clock } = services;

  api.get(
    '/plans',
    {
      config: { access: 'plans.read' },
      schema: { response: { 200: z.object({ items: z.array(planSchema) }) } },
    },
    async () => {
      const now = clock.now();
      return { items: (await plans.list()).map((plan) => presentPlan(plan, now)) };
    },
  );

  api.get(
    '/plans/:year',
    {
      config: { access: 'plans.read' },
      schema: {
        params: z.object({ year: z.coerce.number().pipe(listYear) }),
        response: { 200: planDetailSchema },
      },
    },
    async (request) => presentDetail(await plans.detail(request.params.year), clock.now()),
  );

  api.post(
    '/plans',
    {
      config: { access: 'plans.manage', audit: 'plan.create' },
      schema: {
        body: z.strictObject({
          listYear,
          title: humanName(200),
          totalBudget: z.int().min(1).max(MAX_FEN),
          claimOpensAt: z.iso.datetime({ offset: true }),
          claimClosesAt: z.iso.datetime({ offset: true }),
        }),
        response: { 201: planDetailSchema },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const plan = await plans.create({
        ...body,
        claimOpensAt: new Date(body.claimOpensAt),
        claimClosesAt: new Date(body.claimClosesAt),
      });
      request.audit = {
        targetType: 'plan',
        targetId: plan.id,
        detail: { listYear: plan.listYear, totalBudget: plan.totalBudget },
      };
      return reply.code(201).send(presentDetail(await plans.detailOf(plan), clock.now()));
    },
  );

  api.post(
    '/plans/:id/approve',
    {
      config: { access: 'plans.manage', audit: 'plan.approve' },
      schema: { params: z.object({ id }), response: { 200: planDetailSchema } },
    },
    async (request) => {
      request.audit = { targetType: 'plan', targetId: request.params.id };
      // Notes year and budget inside its transaction (D-audit-tx-1).
      const plan = await plans.approve(request.params.id, actorOf(request).name);
      return presentDetail(await plans.detailOf(plan), clock.now());
    },
  );

  api.post(
    '/plans/:id/budget-increases',
    {
      config: { access: 'plans.manage', audit: 'plan.raise-budget' },
      schema: {
        params: z.object({ id }),
        body: z.strictObject({
          amount: z.int().min(1).max(MAX_FEN),
          reason: z.string().trim().min(1, '请填写追加预算的理由').max(500),
        }),
        response: { 201: planDetailSchema },
      },
    },
    async (request, reply) => {
      const { amount, reason } = request.body;
      request.audit = {
        targetType: 'plan',
        targetId: request.params.id,
        detail: { amount, reason },
      };
      const plan = await plans.raiseBudget(
        request.params.id,
        amount,
        reason,
        actorOf(request).name,
      );
      // The service noted amount, reason and the new total inside its transaction.
      return reply.code(201).send(presentDetail(await plans.detailOf(plan), clock.now()));
    },
  );
}
