/** The programme policy in force, its history, and publishing a new version (audited). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { policySchema } from '../../domain/policy.js';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import { previewPolicy } from './policies.preview.js';
import type { StoredPolicy } from './policies.service.js';

const policyView = z.object({
  id: z.string(),
  version: z.string(),
  /** Stored documents were validated by parsePolicy when published: the same schema. */
  document: policySchema.meta({ id: 'PolicyDocument' }),
  publishedAt: z.string(),
  publishedBy: z.string().nullable(),
  supersededAt: z.string().nullable(),
  inForce: z.boolean(),
});
const present = (p: StoredPolicy) => ({
  id: p.id,
  version: p.version,
  document: p.document,
  publishedAt: p.publishedAt.toISOString(),
  publishedBy: p.publishedBy,
  supersededAt: p.supersededAt?.toISOString() ?? null,
  inForce: p.supersededAt === null,
});

/** A draft document as the form sends it: checked by parsePolicy, not by the route. */
const draftBody = z.object({ document: z.record(z.string(), z.unknown()) });

/** One refused field, as in a problem's `errors` (http/problem.ts). */
const fieldProblem = z.object({
  field: z.string(),
  message: z.string(),
  rule: z.string().optional(),
  limits: z
    .record(
      z.string(),
      z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
    )
    .optional(),
});

const previewView = z
  .object({
    /** True when publishing this document now would succeed. */
    valid: z.boolean(),
    /** Every problem, named as `document.tranches.1.activeFromMonths`; [] when valid. */
    errors: z.array(fieldProblem),
    /** The version the draft would replace: the preview's “before”. */
    inForce: policyView,
    /**
     * Plans whose claim window has not closed: claims approved in them after publication are
     * granted under the new version. Vouchers already granted keep their own version.
     */
    openPlans: z.array(
      z.object({
        listYear: z.int(),
        title: z.string(),
        status: z.enum(['draft', 'approved']),
        claimOpensAt: z.string(),
        claimClosesAt: z.string(),
        /** The version in force when the plan was created. */
        policyVersion: z.string(),
      }),
    ),
  })
  .meta({ id: 'PolicyPreview' });

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

  // A dry run: nothing changes, so nothing is audited (the publication that may follow is).
  api.post(
    '/policies/preview',
    {
      config: { access: 'policy.publish', audit: false },
      schema: { body: draftBody, response: { 200: previewView } },
    },
    async (request) => {
      const preview = await previewPolicy(
        { policies: services.policies, plans: services.plans, now: () => services.clock.now() },
        request.body.document,
      );
      return {
        valid: preview.errors.length === 0,
        errors: preview.errors,
        inForce: present(preview.inForce),
        openPlans: preview.openPlans.map((plan) => ({
          listYear: plan.listYear,
          title: plan.title,
          status: plan.status,
          claimOpensAt: plan.claimOpensAt.toISOString(),
          claimClosesAt: plan.claimClosesAt.toISOString(),
          policyVersion: plan.policyVersion,
        })),
      };
    },
  );

  api.post(
    '/policies',
    {
      config: { access: 'policy.publish', audit: 'policy.publish' },
      schema: {
        body: draftBody,
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
