/**
 * GET /api/audit: the audit trail search for Data Bureau officials and system administrators.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import type { AuditRecord } from './audit.service.js';

/** Empty query values (`?actor=`) mean "no filter", as a cleared search box sends them. */
const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((value) => value || undefined)
  .optional();

const instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .optional();

export const auditQuerySchema = z
  .object({
    from: instant.describe('Inclusive lower bound, ISO 8601 with offset'),
    to: instant.describe('Exclusive upper bound, ISO 8601 with offset'),
    actor: optionalText.describe('User id, or part of the name or username'),
    action: optionalText.describe('Action prefix'),
    outcome: z.enum(['success', 'failure', 'denied']).optional(),
    q: optionalText.describe('Text within the action, target or detail'),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    path: ['to'],
    message: '结束时间须晚于开始时间',
    params: { reason: 'to-after-from' },
  });

export const auditItemSchema = z.object({
  id: z.string(),
  seq: z
    .number()
    .int()
    .nullable()
    .describe('Place in the hash chain; null until the sealer has sealed the row (待封存)'),
  occurredAt: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  requestId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  detail: z.unknown(),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
  sealed: z.boolean().describe('False for a row written but not yet sealed into the chain'),
});

function present(record: AuditRecord): z.infer<typeof auditItemSchema> {
  const { entryNo: _entryNo, ...rest } = record;
  return { ...rest, occurredAt: record.occurredAt.toISOString(), sealed: record.seq !== null };
}

export function registerAuditRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first',
        querystring: auditQuerySchema,
        response: {
          200: z.object({ items: z.array(auditItemSchema), total: z.number().int() }),
        },
      },
    },
    async (request) => {
      const { items, total } = await services.auditLog.search(request.query);
      return { items: items.map(present), total };
    },
  );
}
