import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { APP_VERSION } from '../../version.js';
import { demoLoginsFor } from '../accounts/demo-accounts.js';

export function registerSystemRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { config, clock, database } = services;

  api.get(
    '/system/info',
    {
      config: { access: 'public' },
      schema: {
        response: {
          200: z.object({
            name: z.string(),
            demo: z.boolean(),
            fakeNow: z.string().nullable(),
            now: z.string(),
            version: z.string(),
            demoLogins: z.array(
              z.object({
                username: z.string(),
                password: z.string(),
                role: z.string(),
                name: z.string(),
                organisation: z.string(),
                totp: z.boolean(),
                totpSecret: z.string().optional(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      name: '云券',
      demo: config.demo,
      fakeNow: config.fakeNow ? config.fakeNow.toISOString() : null,
      now: clock.now().toISOString(),
      version: APP_VERSION,
      demoLogins: config.demo ? demoLoginsFor() : [],
    }),
  );

  api.get('/health', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await database.raw.query('SELECT 1');
      return { status: 'ok', database: database.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: database.kind });
    }
  });
}
