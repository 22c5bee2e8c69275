/**
 * Monthly operation reports' API (第十四条). The operator drafts (经办人) and submits (管理员);
 * the Data Bureau archives (存档备查) or returns with a reason. Reading is shared; the Data
 * Bureau sees a month only once it has been submitted.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { localYear } from '../../domain/time.js';
import { actorOf } from '../../http/access.js';
import { fileResponse, XLSX } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import {
  draftBody,
  monthParams,
  reportDetailSchema,
  reportSummarySchema,
  returnBody,
} from './monthly-reports.schemas.js';
import type { Caller } from './monthly-reports.views.js';

const callerOf = (request: FastifyRequest): Caller => {
  const actor = actorOf(request);
  return { userId: actor.userId, name: actor.name, organisationId: actor.organisationId };
};
/** Officials (the Data Bureau) read only what has been submitted to them. */
const isBureau = (request: FastifyRequest) => actorOf(request).organisationKind === 'department';

export function registerMonthlyReportRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { monthlyReports, clock } = services;

  api.get(
    '/monthly-reports',
    {
      config: { access: 'monthly-reports.read' },
      schema: {
        querystring: z.object({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          queue: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.object({ items: z.array(reportSummarySchema) }) },
      },
    },
    async (request) => {
      const { year, queue } = request.query;
      if (queue === 'true') return { items: await monthlyReports.queue() };
      const policy = await services.policies.inForce();
      const thisYear = localYear(clock.now(), policy.document.timeZone);
      return { items: await monthlyReports.list(year ?? thisYear, isBureau(request)) };
    },
  );

  api.get(
    '/monthly-reports/:month',
    {
      config: { access: 'monthly-reports.read' },
      schema: { params: monthParams, response: { 200: reportDetailSchema } },
    },
    async (request) => monthlyReports.detail(request.params.month, isBureau(request)),
  );

  api.put(
    '/monthly-reports/:month',
    {
      config: { access: 'monthly-reports.draft', audit: 'monthly-report.save-draft' },
      schema: { params: monthParams, body: draftBody, response: { 200: reportDetailSchema } },
    },
    async (request) => {
      const { month } = request.params;
      request.audit = {
        targetType: 'monthly-report',
        targetId: month,
        detail: { fields: Object.keys(request.body) },
      };
      await monthlyReports.saveDraft(callerOf(request), month, request.body);
      return monthlyReports.detail(month, false);
    },
  );

  api.post(
    '/monthly-reports/:month/submit',
    {
      config: { access: 'monthly-reports.submit', audit: 'monthly-report.submit' },
      schema: { params: monthParams, response: { 200: reportDetailSchema } },
    },
    async (request) => {
      const { month } = request.params;
      // The round, lateness and document hashes are noted by the service inside its
      // transaction: the audit row commits with the submission (D-audit-tx-1).
      request.audit = { targetType: 'monthly-report', targetId: month };
      await monthlyReports.submit(callerOf(request), month);
      return monthlyReports.detail(month, false);
    },
  );

  api.post(
    '/monthly-reports/:month/archive',
    {
      config: { access: 'monthly-reports.review', audit: 'monthly-report.archive' },
      schema: { params: monthParams, response: { 200: reportDetailSchema } },
    },
    async (request) => {
      const { month } = request.params;
      request.audit = { targetType: 'monthly-report', targetId: month };
      await monthlyReports.archive(callerOf(request), month); // notes its round in-transaction
      return monthlyReports.detail(month, true);
    },
  );

  api.post(
    '/monthly-reports/:month/return',
    {
      config: { access: 'monthly-reports.review', audit: 'monthly-report.return' },
      schema: { params: monthParams, body: returnBody, response: { 200: reportDetailSchema } },
    },
    async (request) => {
      const { month } = request.params;
      request.audit = { targetType: 'monthly-report', targetId: month };
      // Notes its round and reason in-transaction.
      await monthlyReports.returnReport(callerOf(request), month, request.body.reason);
      return monthlyReports.detail(month, true);
    },
  );

  api.get(
    '/monthly-reports/:month/rounds/:roundNo/documents/:kind',
    {
      config: { access: 'monthly-reports.read' },
      schema: {
        params: monthParams.extend({
          roundNo: z.coerce.number().int().min(1).max(1000),
          kind: z.enum(['json', 'xlsx', 'pdf']),
        }),
        response: {
          200: fileResponse(
            '月度报告冻结文件 (JSON, Excel or PDF)',
            'application/json',
            XLSX,
            'application/pdf',
          ),
        },
      },
    },
    async (request, reply) => {
      const { month, roundNo, kind } = request.params;
      const document = await monthlyReports.document(month, roundNo, kind);
      reply
        .type(document.mediaType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(document.name)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store');
      if (document.file) return reply.send(services.files.open(document.file));
      return reply.send(document.bytes ?? Buffer.alloc(0));
    },
  );
}
