import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../db/availability.js';
import { RETRY_AFTER_SECONDS } from '../../http/problem.js';
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

  // For load balancers and supervisors: 503 while the database cannot be reached (answered
  // within DATABASE_CONNECT_TIMEOUT_MS, never a hang), 200 again as soon as it can. The
  // process itself stays up through an outage, so a restart is never the remedy.
  const health = (status: 'ok' | 'unavailable') =>
    z.object({ status: z.literal(status), database: z.enum(['pglite', 'postgres']) });
  api.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { response: { 200: health('ok'), 503: health('unavailable') } },
    },
    async (_request, reply) => {
      try {
        await database.raw.query('SELECT 1');
        return { status: 'ok' as const, database: database.kind };
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({ status: 'unavailable' as const, database: database.kind });
      }
    },
  );
}
