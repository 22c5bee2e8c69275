/**
 * 全流程监管 API (Data Bureau, 第三条): the year's overview, the listed enterprises with their
 * stage, and the same as an Excel workbook. Read-only, `vouchers.supervise`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FLOW_STAGES } from '../../domain/flow-stage.js';
import { localYear } from '../../domain/time.js';
import { fileResponse, XLSX } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import { planDetailSchema, presentDetail } from '../plans/plans.routes.js';
import { supervisionWorkbook } from './supervision.export.js';

const listYear = z.coerce.number().int().min(2000).max(2100);
const stage = z.enum(FLOW_STAGES);
const fen = z.int();

const starFigures = z.object({ entries: z.int(), vouchers: z.int(), amount: fen, used: fen });
const overviewSchema = z.object({
  listYear: z.int(),
  years: z.array(z.int()),
  asOf: z.string(),
  plan: planDetailSchema.nullable(),
  list: z.object({ published: z.int(), drafts: z.int() }),
  stages: z.record(stage, z.int()),
  vouchers: z.object({
    count: z.int(),
    amount: fen,
    used: fen,
    voided: fen,
    available: fen,
    pending: fen,
    byStar: z.object({ 3: starFigures, 4: starFigures, 5: starFigures }),
  }),
  writeOffs: z.object({
    bills: z.int(),
    net: fen,
    reversed: fen,
    byCategory: z.array(z.object({ category: z.string(), bills: z.int(), net: fen })),
    byMonth: z.array(z.object({ month: z.string(), category: z.string(), net: fen })),
  }),
});

const enterpriseRow = z.object({
  entryId: z.string(),
  seqNo: z.int(),
  batchNo: z.int(),
  county: z.string(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  star: z.int(),
  stage,
  claimId: z.string().nullable(),
  voucherId: z.string().nullable(),
  grantedAt: z.string().nullable(),
  amount: fen,
  used: fen,
  voided: fen,
  available: fen,
  pending: fen,
});

const enterprisesQuery = z.object({
  listYear: listYear.optional(),
  stage: stage.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function registerSupervisionRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { supervision, policies, clock } = services;

  /** The year asked for, else the newest with a plan or list, else the current one. */
  const yearOf = async (asked: number | undefined): Promise<number> => {
    if (asked !== undefined) return asked;
    const newest = await supervision.defaultYear();
    if (newest !== null) return newest;
    return localYear(clock.now(), (await policies.inForce()).document.timeZone);
  };

  api.get(
    '/supervision/overview',
    {
      config: { access: 'vouchers.supervise' },
      schema: {
        querystring: z.object({ listYear: listYear.optional() }),
        response: { 200: overviewSchema },
      },
    },
    async (request) => {
      const overview = await supervision.overview(await yearOf(request.query.listYear));
      return {
        ...overview,
        plan: overview.plan ? presentDetail(overview.plan, clock.now()) : null,
      };
    },
  );

  api.get(
    '/supervision/enterprises',
    {
      config: { access: 'vouchers.supervise' },
      schema: {
        querystring: enterprisesQuery,
        response: {
          200: z.object({ listYear: z.int(), items: z.array(enterpriseRow), total: z.int() }),
        },
      },
    },
    async (request) => {
      const year = await yearOf(request.query.listYear);
      return {
        listYear: year,
        ...(await supervision.enterprises({ ...request.query, listYear: year })),
      };
    },
  );

  api.get(
    '/supervision/export.xlsx',
    {
      config: { access: 'vouchers.supervise', audit: 'supervision.export' },
      schema: {
        querystring: z.object({ listYear: listYear.optional() }),
        response: { 200: fileResponse('资源券全流程监管 (Excel)', XLSX) },
      },
    },
    async (request, reply) => {
      const year = await yearOf(request.query.listYear);
      const [{ overview, rows }, policy] = await Promise.all([
        supervision.report(year),
        policies.inForce(),
      ]);
      request.audit = { targetType: 'supervision', targetId: String(year) };
      const workbook = await supervisionWorkbook(overview, rows, policy.document.timeZone);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(`${year}年度资源券全流程监管.xlsx`)}`,
        )
        .send(workbook);
    },
  );
}
