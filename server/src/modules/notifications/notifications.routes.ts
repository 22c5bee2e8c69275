import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.js';
import { noContent } from '../../http/api-contract.js';
import type { Services } from '../../services.js';

const notification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function registerNotificationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/notifications',
    {
      config: { access: 'notifications.self' },
      schema: {
        querystring: z.object({
          unread: z.enum(['true', 'false']).default('false'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({ items: z.array(notification), total: z.int(), unread: z.int() }),
        },
      },
    },
    async (request) =>
      services.notifications.list(actorOf(request).userId, {
        unreadOnly: request.query.unread === 'true',
        page: request.query.page,
        pageSize: request.query.pageSize,
      }),
  );

  api.post(
    '/notifications/:id/read',
    {
      config: { access: 'notifications.self', audit: 'notifications.read' },
      schema: { params: z.object({ id: z.string().min(1).max(64) }), response: noContent },
    },
    async (request, reply) => {
      await services.notifications.markRead(actorOf(request).userId, request.params.id);
      return reply.code(204).send();
    },
  );

  api.post(
    '/notifications/read-all',
    {
      config: { access: 'notifications.self', audit: 'notifications.read-all' },
      schema: { response: { 200: z.object({ marked: z.int() }) } },
    },
    async (request) => ({
      marked: await services.notifications.markAllRead(actorOf(request).userId),
    }),
  );
}
