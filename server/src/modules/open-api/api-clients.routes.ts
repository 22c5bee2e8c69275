/** The operator administrator's API clients (open-api.md): create, list, disable, rotate. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import type { ApiClient } from './api-clients.service.js';

const clientView = z.object({
  id: z.string(),
  keyId: z.string(),
  name: z.string(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
  rotatedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
const present = (c: ApiClient) => ({
  id: c.id,
  keyId: c.keyId,
  name: c.name,
  status: c.status,
  createdAt: c.createdAt.toISOString(),
  rotatedAt: c.rotatedAt?.toISOString() ?? null,
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
});
const idParams = z.object({ id: z.string().min(1).max(64) });
const withSecret = z.object({
  client: clientView,
  secret: z.string().describe('Shown once: store it in the billing system now'),
});

export function registerApiClientRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { apiClients } = services;

  api.get(
    '/operator/api-clients',
    {
      config: { access: 'api-clients.manage' },
      schema: { response: { 200: z.object({ items: z.array(clientView) }) } },
    },
    async (request) => ({
      items: (await apiClients.list(actorOf(request).organisationId)).map(present),
    }),
  );

  api.post(
    '/operator/api-clients',
    {
      config: { access: 'api-clients.manage', audit: 'api-clients.create' },
      schema: {
        body: z.strictObject({ name: humanName(100) }),
        response: { 201: withSecret },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { client, secret } = await apiClients.create({
        operatorId: actor.organisationId,
        name: request.body.name,
        createdBy: actor.userId,
      });
      request.audit = { targetType: 'api-client', targetId: client.keyId };
      return reply.code(201).send({ client: present(client), secret });
    },
  );

  api.post(
    '/operator/api-clients/:id/rotate',
    {
      config: { access: 'api-clients.manage', audit: 'api-clients.rotate' },
      schema: { params: idParams, response: { 200: withSecret } },
    },
    async (request) => {
      const { client, secret } = await apiClients.rotate(
        actorOf(request).organisationId,
        request.params.id,
      );
      request.audit = { targetType: 'api-client', targetId: client.keyId };
      return { client: present(client), secret };
    },
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    api.post(
      `/operator/api-clients/:id/${action}`,
      {
        config: { access: 'api-clients.manage', audit: `api-clients.${action}` },
        schema: { params: idParams, response: { 200: z.object({ client: clientView }) } },
      },
      async (request) => {
        const client = await apiClients.setStatus(
          actorOf(request).organisationId,
          request.params.id,
          status,
        );
        request.audit = { targetType: 'api-client', targetId: client.keyId };
        return { client: present(client) };
      },
    );
  }
}
