/** The programme policy in force, its history, and publishing a new version (audited). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import type { StoredPolicy } from './policies.service.js';

const policyView = z.object({
  id: z.string(),
  version: z.string(),
  document: z.record(z.string(), z.unknown()),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  supersededAt: z.string().nullable(),
  inForce: z.boolean(),
});
const present = (p: StoredPolicy) => ({
  id: p.id,
  version: p.version,
  document: p.document as unknown as Record<string, unknown>,
  publishedAt: p.publishedAt.toISOString(),
  publishedBy: p.publishedBy,
  supersededAt: p.supersededAt?.toISOString() ?? null,
  inForce: p.supersededAt === null,
});

export function registerPolicyRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/policies/current',
    { config: { access: 'policy.read' }, schema: { response: { 200: policyView } } },
    async () => present(await services.policies.inForce()),
  );

  api.get(
    '/policies',
    {
      config: { access: 'policy.read' },
      schema: { response: { 200: z.object({ items: z.array(policyView) }) } },
    },
    async () => ({ items: (await services.policies.history()).map(present) }),
  );

  api.post(
    '/policies',
    {
      config: { access: 'policy.publish', audit: 'policy.publish' },
      schema: {
        body: z.object({ document: z.record(z.string(), z.unknown()) }),
        response: { 201: policyView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const published = await services.policies.publish(request.body.document, actor.name);
      request.audit = {
        targetType: 'policy',
        targetId: published.version,
        detail: { version: published.version },
      };
      return reply.code(201).send(present(published));
    },
  );
}
