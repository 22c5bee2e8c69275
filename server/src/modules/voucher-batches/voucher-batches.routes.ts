/**
 * The operator's voucher batches: configure against an approved plan, adjust before issuing,
 * issue (irreversible, audited), and the batch's offers with their claim status.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';

const id = z.string().min(1).max(64);
const claimStatus = z.enum(['submitted', 'returned', 'approved']);
const name = humanName(200);
const claimInstructions = z.string().trim().min(1).max(2_000);

const batchSchema = z.object({
  id: z.string(),
  planId: z.string(),
  name: z.string(),
  claimInstructions: z.string(),
  status: z.enum(['configured', 'issued']),
  configuredBy: z.string(),
  configuredAt: z.string(),
  issuedBy: z.string().nullable(),
  issuedAt: z.string().nullable(),
  plan: z.object({
    listYear: z.int(),
    title: z.string(),
    status: z.enum(['draft', 'approved']),
    claimOpensAt: z.string(),
    claimClosesAt: z.string(),
  }),
  offerCount: z.int(),
  claims: z.object({ submitted: z.int(), returned: z.int(), approved: z.int() }),
});
const offerSchema = z.object({
  entryId: z.string(),
  listYear: z.int(),
  starListBatchNo: z.int(),
  seqNo: z.int(),
  city: z.string(),
  county: z.string(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  star: z.int(),
  amount: z.int(),
  enterprise: z
    .object({ organisationId: z.string(), name: z.string(), certified: z.boolean() })
    .nullable(),
  claim: z
    .object({ id: z.string(), status: claimStatus, voucherId: z.string().nullable() })
    .nullable(),
});

export function registerVoucherBatchRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { voucherBatches } = services;

  api.get(
    '/voucher-batches',
    {
      config: { access: 'voucher-batches.read' },
      schema: { response: { 200: z.object({ items: z.array(batchSchema) }) } },
    },
    async () => ({ items: await voucherBatches.list() }),
  );

  api.get(
    '/voucher-batches/:id',
    {
      config: { access: 'voucher-batches.read' },
      schema: { params: z.object({ id }), response: { 200: batchSchema } },
    },
    async (request) => voucherBatches.get(request.params.id),
  );

  api.post(
    '/voucher-batches',
    {
      config: { access: 'voucher-batches.manage', audit: 'voucher-batch.configure' },
      schema: {
        body: z.strictObject({ planId: id, name, claimInstructions }),
        response: { 201: batchSchema },
      },
    },
    async (request, reply) => {
      request.audit = { targetType: 'plan', targetId: request.body.planId };
      const batch = await voucherBatches.configure(request.body, actorOf(request).name);
      request.audit = {
        targetType: 'voucher_batch',
        targetId: batch.id,
        detail: { planId: batch.planId, listYear: batch.plan.listYear, name: batch.name },
      };
      return reply.code(201).send(batch);
    },
  );

  api.patch(
    '/voucher-batches/:id',
    {
      config: { access: 'voucher-batches.manage', audit: 'voucher-batch.update' },
      schema: {
        params: z.object({ id }),
        body: z
          .strictObject({ name: name.optional(), claimInstructions: claimInstructions.optional() })
          .refine(
            (b) => b.name !== undefined || b.claimInstructions !== undefined,
            '没有要修改的内容',
          ),
        response: { 200: batchSchema },
      },
    },
    async (request) => {
      request.audit = {
        targetType: 'voucher_batch',
        targetId: request.params.id,
        detail: { ...request.body },
      };
      return voucherBatches.update(request.params.id, request.body);
    },
  );

  api.post(
    '/voucher-batches/:id/issue',
    {
      config: { access: 'voucher-batches.manage', audit: 'voucher-batch.issue' },
      schema: {
        params: z.object({ id }),
        response: { 200: z.object({ batch: batchSchema, notified: z.int() }) },
      },
    },
    async (request) => {
      request.audit = { targetType: 'voucher_batch', targetId: request.params.id };
      const result = await voucherBatches.issue(request.params.id, actorOf(request).name);
      request.audit.detail = {
        listYear: result.batch.plan.listYear,
        offers: result.batch.offerCount,
        notified: result.notified,
      };
      return result;
    },
  );

  api.get(
    '/voucher-batches/:id/offers',
    {
      config: { access: 'voucher-batches.read' },
      schema: {
        params: z.object({ id }),
        querystring: z.object({
          q: z.string().max(100).optional(),
          claimStatus: z.enum(['submitted', 'returned', 'approved', 'none']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: z.object({ items: z.array(offerSchema), total: z.int() }) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return voucherBatches.offers(request.params.id, filter, { page, pageSize });
    },
  );
}
