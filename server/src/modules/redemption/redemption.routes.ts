import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/access.js';
import { fileResponse, XLSX } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import { aggregatePdf, aggregateWorkbook } from './aggregate.documents.js';
import { DECLARATION } from './chain.operator-submission.js';
import type { Caller } from './chain.steps.js';
import {
  aggregateResponse,
  approveBody,
  buildLineParams,
  buildParams,
  buildSchema,
  decisionBody,
  lineParams,
  linesQuery,
  linesResponse,
  lineTransfersResponse,
  listQuery,
  payBody,
  returnBody,
  startBuildBody,
  submissionParams,
  submissionSchema,
  submitBody,
  versionBody,
  yearParams,
  yearsResponse,
} from './redemption.schemas.js';

const tags = ['redemption'];

function callerOf(request: Parameters<typeof actorOf>[0]): Caller {
  const actor = actorOf(request);
  return { userId: actor.userId, name: actor.name, role: actor.role };
}

function sendDocument(
  reply: FastifyReply,
  bytes: Buffer | NodeJS.ReadableStream,
  type: string,
  name: string,
) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}

export function registerRedemptionRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { redemptionPackage: packages, redemptionChain: chain, files } = services;

  // ── Package (operator) ───────────────────────────────────────────────────────────────────

  api.get(
    '/redemption/years',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary:
          'Settlement years with write-offs: the ledger’s figure, the newest build, the rounds',
        response: { 200: yearsResponse },
      },
    },
    async () => {
      const years = await packages.years();
      return {
        years: await Promise.all(
          years.map(async (year) => ({ ...year, submissions: await chain.forYear(year.year) })),
        ),
        declaration: DECLARATION,
      };
    },
  );

  api.post(
    '/redemption/years/:year/builds',
    {
      config: { access: 'redemption.prepare', audit: 'redemption.build' },
      schema: {
        tags,
        summary: 'Generate the year’s package (preview any time; final once the year has ended)',
        params: yearParams,
        body: startBuildBody,
        response: { 202: z.object({ build: buildSchema }) },
      },
    },
    async (request, reply) => {
      const build = await packages.start(request.params.year, request.body.kind, actorOf(request));
      request.audit = {
        targetType: 'redemption_build',
        targetId: build.id,
        detail: { year: build.settlementYear, kind: build.kind },
      };
      return reply.code(202).send({ build });
    },
  );

  api.get(
    '/redemption/builds/:buildId',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'A build: status, progress, totals, exceptions, documents and their SHA-256',
        params: buildParams,
        response: { 200: z.object({ build: buildSchema }) },
      },
    },
    async (request) => ({ build: await packages.getOrThrow(request.params.buildId) }),
  );

  api.get(
    '/redemption/builds/:buildId/lines',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'A build’s lines (one per voucher used in the year), paged by line number',
        params: buildParams,
        querystring: linesQuery,
        response: { 200: linesResponse },
      },
    },
    async (request) => {
      await packages.getOrThrow(request.params.buildId);
      return packages.listLines(request.params.buildId, request.query);
    },
  );

  api.get(
    '/redemption/builds/:buildId/lines/:lineNo/transfers',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'A line’s deductions and reversals in the settlement year',
        params: buildLineParams,
        response: { 200: lineTransfersResponse },
      },
    },
    async (request) => ({
      items: await packages.lineTransfers(request.params.buildId, request.params.lineNo),
    }),
  );

  api.get(
    '/redemption/builds/:buildId/documents/:kind',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'The build’s workbook or PDF',
        params: buildParams.extend({ kind: z.enum(['xlsx', 'pdf']) }),
        response: { 200: fileResponse('兑现材料 (Excel or PDF)', XLSX, 'application/pdf') },
      },
    },
    async (request, reply) => {
      const build = await packages.getOrThrow(request.params.buildId);
      const document = request.params.kind === 'xlsx' ? build.workbook : build.pdf;
      const file = document ? await files.get(document.fileId) : null;
      if (!file) throw new AppError('REDEMPTION_BUILD_NOT_FINAL', '材料尚未生成完成');
      return sendDocument(reply, files.open(file), file.mediaType, file.originalName);
    },
  );

  // ── Chain ────────────────────────────────────────────────────────────────────────────────

  api.post(
    '/redemption/years/:year/submissions',
    {
      config: { access: 'redemption.submit', audit: 'redemption.submit' },
      schema: {
        tags,
        summary:
          'Attest (fresh password + authenticator code, the 承诺书) and submit a final build',
        params: yearParams,
        body: submitBody,
        response: { 201: z.object({ submission: submissionSchema }) },
      },
    },
    async (request, reply) => {
      const submission = await chain.submit(callerOf(request), request.params.year, request.body);
      request.audit = {
        targetType: 'redemption_submission',
        targetId: submission.id,
        detail: {
          year: submission.settlementYear,
          round: submission.roundNo,
          net: submission.netWriteOff,
        },
      };
      return reply.code(201).send({ submission });
    },
  );

  api.get(
    '/redemption/submissions',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'Redemption submissions, newest year first (filter by status)',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(submissionSchema) }) },
      },
    },
    async (request) => ({ items: await chain.list(request.query) }),
  );

  api.get(
    '/redemption/submissions/:id',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'A submission with its steps, decisions so far and payment',
        params: submissionParams,
        response: { 200: z.object({ submission: submissionSchema }) },
      },
    },
    async (request) => ({ submission: await chain.view(request.params.id) }),
  );

  api.get(
    '/redemption/submissions/:id/lines',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'A submission’s lines with the Data Bureau’s decision on each',
        params: submissionParams,
        querystring: linesQuery,
        response: { 200: linesResponse },
      },
    },
    async (request) => {
      const submission = await chain.view(request.params.id);
      const page = await packages.listLines(submission.buildId, request.query);
      const decisions = await chain.decisions(submission.id);
      return {
        ...page,
        lines: page.lines.map((line) => ({
          ...line,
          decision: decisions.get(line.lineNo) ?? null,
        })),
      };
    },
  );

  api.put(
    '/redemption/submissions/:id/lines/:lineNo/decision',
    {
      config: { access: 'redemption.review', audit: 'redemption.decide-line' },
      schema: {
        tags,
        summary: 'Decide a line: accept, reject or recognise a lower amount (reason required)',
        params: lineParams,
        body: decisionBody,
        response: { 200: z.object({ submission: submissionSchema }) },
      },
    },
    async (request) => {
      const submission = await chain.decideLine(
        callerOf(request),
        request.params.id,
        request.params.lineNo,
        request.body,
      );
      request.audit = {
        targetType: 'redemption_submission',
        targetId: submission.id,
        detail: { lineNo: request.params.lineNo, ...request.body },
      };
      return { submission };
    },
  );

  api.post(
    '/redemption/submissions/:id/lines/accept-clean',
    {
      config: { access: 'redemption.review', audit: 'redemption.accept-clean' },
      schema: {
        tags,
        summary: 'Accept every undecided line that has no exception',
        params: submissionParams,
        response: { 200: z.object({ accepted: z.int(), submission: submissionSchema }) },
      },
    },
    async (request) => {
      const { accepted, view } = await chain.acceptCleanLines(callerOf(request), request.params.id);
      request.audit = {
        targetType: 'redemption_submission',
        targetId: view.id,
        detail: { accepted },
      };
      return { accepted, submission: view };
    },
  );

  const transition = (
    path: string,
    access: 'redemption.approve' | 'redemption.aggregate' | 'redemption.pay',
    audit: string,
    summary: string,
    body: z.ZodType,
    act: (caller: Caller, id: string, body: never) => Promise<z.infer<typeof submissionSchema>>,
  ) =>
    api.post(
      `/redemption/submissions/:id/${path}`,
      {
        config: { access, audit },
        schema: {
          tags,
          summary,
          params: submissionParams,
          body,
          response: { 200: z.object({ submission: submissionSchema }) },
        },
      },
      async (request) => {
        const submission = await act(callerOf(request), request.params.id, request.body as never);
        request.audit = {
          targetType: 'redemption_submission',
          targetId: submission.id,
          detail: { status: submission.status, version: submission.version },
        };
        return { submission };
      },
    );

  transition(
    'approve',
    'redemption.approve',
    'redemption.bureau-approve',
    'Data Bureau: approve (authenticator code) and report to the DRC',
    approveBody,
    (caller, id, body) => chain.bureauApprove(caller, id, body),
  );
  transition(
    'send-to-finance',
    'redemption.aggregate',
    'redemption.send-to-finance',
    'DRC: send the aggregate to Finance',
    versionBody,
    (caller, id, body) => chain.sendToFinance(caller, id, body),
  );
  transition(
    'finance-approve',
    'redemption.pay',
    'redemption.finance-approve',
    'Finance: approve (authenticator code)',
    approveBody,
    (caller, id, body) => chain.financeApprove(caller, id, body),
  );
  transition(
    'payment',
    'redemption.pay',
    'redemption.pay',
    'Finance: record the payment (must equal the recognised amount)',
    payBody,
    (caller, id, body) => chain.pay(caller, id, body),
  );

  api.post(
    '/redemption/submissions/:id/return',
    {
      config: { access: 'redemption.read', audit: 'redemption.return' },
      schema: {
        tags,
        summary:
          'Return to the previous department with a reason (Data Bureau → operator, DRC → Data Bureau, Finance → DRC)',
        params: submissionParams,
        body: returnBody,
        response: { 200: z.object({ submission: submissionSchema }) },
      },
    },
    async (request) => {
      const submission = await chain.returnSubmission(
        callerOf(request),
        request.params.id,
        request.body,
      );
      request.audit = {
        targetType: 'redemption_submission',
        targetId: submission.id,
        detail: { status: submission.status, reason: request.body.reason },
      };
      return { submission };
    },
  );

  api.get(
    '/redemption/submissions/:id/aggregate',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'The recognised enterprises and amounts, by enterprise, star and list year',
        params: submissionParams,
        response: { 200: aggregateResponse },
      },
    },
    async (request) => chain.aggregate(request.params.id),
  );

  api.get(
    '/redemption/submissions/:id/aggregate/:kind',
    {
      config: { access: 'redemption.read' },
      schema: {
        tags,
        summary: 'The DRC’s 汇总表 as Excel or PDF',
        params: submissionParams.extend({ kind: z.enum(['xlsx', 'pdf']) }),
        response: { 200: fileResponse('兑现汇总表 (Excel or PDF)', XLSX, 'application/pdf') },
      },
    },
    async (request, reply) => {
      const aggregate = await chain.aggregate(request.params.id);
      const year = aggregate.submission.settlementYear;
      return request.params.kind === 'xlsx'
        ? sendDocument(
            reply,
            await aggregateWorkbook(aggregate),
            XLSX,
            `${year}年度资源券兑现汇总表.xlsx`,
          )
        : sendDocument(
            reply,
            await aggregatePdf(aggregate),
            'application/pdf',
            `${year}年度资源券兑现汇总表.pdf`,
          );
    },
  );
}
