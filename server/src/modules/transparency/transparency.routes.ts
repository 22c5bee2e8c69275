/**
 * 信息公开 API: the public figures (no sign-in) as JSON and CSV, and the Data Bureau
 * administrator's switch for publishing the recipients list.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import { figuresCsv } from './transparency.service.js';

const listYear = z.coerce.number({ error: '年度须为数字，如 2026' }).int().min(2000).max(2999);
const fen = z.int();
const CATEGORY = z.enum(['compute', 'storage', 'network', 'security']);

export const publicFiguresSchema = z
  .object({
    listYear: z.int(),
    years: z.array(z.int()),
    asOf: z.string(),
    budget: z.object({ total: fen, granted: fen, remaining: fen }).nullable(),
    vouchers: z.object({
      count: z.int(),
      amount: fen,
      byStar: z.array(z.object({ star: z.int(), count: z.int(), amount: fen, used: fen })),
    }),
    writtenOff: z.object({
      net: fen,
      reversed: fen,
      bills: z.int(),
      byCategory: z.array(z.object({ category: CATEGORY, net: fen, bills: z.int() })),
      byMonth: z.array(z.object({ month: z.string(), net: fen })),
    }),
    enterprisesUsing: z.int(),
    paidToOperator: z.object({ settlementYear: z.int(), amount: fen }),
    recipientsPublished: z.boolean(),
    recipients: z
      .array(z.object({ enterpriseName: z.string(), star: z.int(), amount: fen }))
      .nullable(),
  })
  .meta({ id: 'PublicFigures' });

export function registerTransparencyRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { transparency } = services;

  api.get(
    '/public/transparency',
    {
      config: { access: 'public' },
      schema: {
        tags: ['transparency'],
        summary: 'The programme’s public figures for a year (default: the newest); no sign-in',
        querystring: z.object({ year: listYear.optional() }),
        response: { 200: z.object({ figures: publicFiguresSchema.nullable() }) },
      },
    },
    async (request) => {
      const year = request.query.year ?? (await transparency.defaultYear());
      return { figures: year === null ? null : await transparency.figures(year) };
    },
  );

  api.get(
    '/public/transparency/:year/figures.csv',
    {
      config: { access: 'public' },
      schema: {
        tags: ['transparency'],
        summary: 'The same figures as CSV (UTF-8 with BOM), amounts in yuan',
        params: z.object({ year: listYear }),
        response: { 200: z.string().describe('text/csv') },
      },
    },
    async (request, reply) => {
      const figures = await transparency.figures(request.params.year);
      const name = `海安云资源券信息公开-${request.params.year}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(figuresCsv(figures));
    },
  );

  api.put(
    '/transparency/:year/recipients',
    {
      config: { access: 'transparency.manage', audit: 'transparency.recipients' },
      schema: {
        tags: ['transparency'],
        summary: 'Publish (or withdraw) the year’s recipients list on the public page',
        params: z.object({ year: listYear }),
        body: z.object({ published: z.boolean() }).strict(),
        response: { 200: z.object({ figures: publicFiguresSchema }) },
      },
    },
    async (request) => {
      const { year } = request.params;
      await transparency.setRecipientsPublished(
        year,
        request.body.published,
        actorOf(request).name,
      );
      request.audit = {
        targetType: 'programme_year',
        targetId: String(year),
        detail: { recipientsPublished: request.body.published },
      };
      return { figures: await transparency.figures(year) };
    },
  );
}
