/**
 * Star lists' API (DRC): template, two-step import (preview, then the same file again to
 * save a draft batch), publish (irreversible, audited), delete a draft, and search, view and
 * export for everyone who works with the list.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { humanName } from '../../domain/names.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/access.js';
import { fileResponse, noContent } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import { readUpload } from '../files/files.http.js';
import { STAR_LIST_LIMITS } from './star-list.analysis.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const listYear = z.coerce.number().int().min(2000).max(2100);
const id = z.string().min(1).max(64);

const issue = z.object({ column: z.string(), code: z.string(), message: z.string() });
const summary = z.object({
  total: z.int(),
  valid: z.int(),
  invalid: z.int(),
  withWarnings: z.int(),
});
export const previewSchema = z.object({
  listYear: z.int(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().nullable(),
  sheetName: z.string().nullable(),
  headerRowNo: z.int(),
  columns: z.array(z.object({ key: z.string(), header: z.string() })),
  rows: z.array(
    z.object({
      rowNo: z.int(),
      values: z.record(z.string(), z.string()),
      errors: z.array(issue),
      warnings: z.array(issue),
    }),
  ),
  summary,
  canImport: z.boolean(),
  needsConfirmation: z.boolean(),
});
export const batchSchema = z.object({
  id: z.string(),
  listYear: z.int(),
  batchNo: z.int(),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  entryCount: z.int(),
  starCounts: z.object({ 3: z.int(), 4: z.int(), 5: z.int() }),
  sourceFile: z
    .object({ id: z.string(), name: z.string(), mediaType: z.string(), size: z.int() })
    .nullable(),
  importedBy: z.string(),
  importedAt: z.string(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
const entrySchema = z.object({
  id: z.string(),
  batchId: z.string(),
  batchNo: z.int(),
  batchStatus: z.enum(['draft', 'published']),
  listYear: z.int(),
  seqNo: z.int(),
  city: z.string(),
  county: z.string(),
  enterpriseName: z.string(),
  creditCode: z.string(),
  star: z.int(),
});
const entryFilter = z.object({
  year: listYear.optional(),
  batchId: id.optional(),
  q: z.string().max(100).optional(),
  star: z.coerce.number().int().min(3).max(5).optional(),
  status: z.enum(['draft', 'published']).optional(),
});

const previewFields = z.object({ listYear });
const importFields = z.object({
  listYear,
  title: humanName(200),
  confirmWarnings: z
    .enum(['true', 'false', '1', '0', 'on'])
    .optional()
    .transform((v) => v === 'true' || v === '1' || v === 'on'),
});

/** The form's text fields, validated like a JSON body: 400 naming each field. */
function formFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    field: `body.${i.path.join('.')}`,
    message: i.message,
  }));
  const first = errors[0];
  throw new AppError(
    'VALIDATION_FAILED',
    first ? `${first.field}: ${first.message}` : undefined,
    undefined,
    errors,
  );
}

function sendWorkbook(reply: FastifyReply, workbook: Buffer, fileName: string): FastifyReply {
  return reply
    .type(XLSX)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(workbook);
}

export function registerStarListRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { starLists } = services;

  api.get(
    '/star-lists/template.xlsx',
    {
      config: { access: 'star-lists.manage' },
      schema: { response: { 200: fileResponse('导入模板 (Excel)', XLSX) } },
    },
    async (_request, reply) =>
      sendWorkbook(reply, await starLists.template(), '星级上云企业名单导入模板.xlsx'),
  );

  api.post(
    '/star-lists/import/preview',
    {
      config: { access: 'star-lists.manage', audit: 'star-list.preview' },
      schema: { response: { 200: previewSchema } },
    },
    async (request) => {
      const upload = await readUpload(request, STAR_LIST_LIMITS.maxFileBytes);
      const fields = formFields(previewFields, upload.fields);
      request.audit = { targetType: 'star_list_file', detail: { fileName: upload.filename } };
      const preview = await starLists.preview({
        bytes: upload.bytes,
        fileName: upload.filename,
        listYear: fields.listYear,
      });
      request.audit.detail = { fileName: upload.filename, ...preview.summary };
      return preview;
    },
  );

  api.post(
    '/star-lists/import',
    {
      config: { access: 'star-lists.manage', audit: 'star-list.import' },
      schema: { response: { 201: z.object({ batch: batchSchema, summary }) } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await readUpload(request, STAR_LIST_LIMITS.maxFileBytes);
      const fields = formFields(importFields, upload.fields);
      request.audit = {
        targetType: 'star_list_batch',
        detail: { fileName: upload.filename, listYear: fields.listYear },
      };
      const result = await starLists.import({
        bytes: upload.bytes,
        fileName: upload.filename,
        listYear: fields.listYear,
        title: fields.title,
        confirmWarnings: fields.confirmWarnings,
        organisationId: actor.organisationId,
        importedBy: actor.name,
      });
      request.audit = {
        targetType: 'star_list_batch',
        targetId: result.batch.id,
        detail: {
          fileName: upload.filename,
          listYear: result.batch.listYear,
          batchNo: result.batch.batchNo,
          entries: result.batch.entryCount,
          confirmedWarnings: result.summary.withWarnings,
        },
      };
      return reply.code(201).send(result);
    },
  );

  api.get(
    '/star-lists/years',
    {
      config: { access: 'star-lists.read' },
      schema: {
        response: {
          200: z.object({
            items: z.array(
              z.object({
                listYear: z.int(),
                batchCount: z.int(),
                publishedBatchCount: z.int(),
                entryCount: z.int(),
                publishedEntryCount: z.int(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await starLists.years() }),
  );

  api.get(
    '/star-lists/batches',
    {
      config: { access: 'star-lists.read' },
      schema: {
        querystring: z.object({ year: listYear.optional() }),
        response: { 200: z.object({ items: z.array(batchSchema) }) },
      },
    },
    async (request) => ({ items: await starLists.batches({ year: request.query.year }) }),
  );

  api.get(
    '/star-lists/batches/:id',
    {
      config: { access: 'star-lists.read' },
      schema: { params: z.object({ id }), response: { 200: batchSchema } },
    },
    async (request) => starLists.batch(request.params.id),
  );

  api.get(
    '/star-lists/batches/:id/source',
    {
      config: { access: 'star-lists.read' },
      schema: {
        params: z.object({ id }),
        response: { 200: fileResponse('The file the batch was imported from', XLSX, 'text/csv') },
      },
    },
    async (request, reply) => {
      const file = await starLists.sourceFile(request.params.id);
      return reply
        .type(file.mediaType)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(services.files.open(file));
    },
  );

  api.post(
    '/star-lists/batches/:id/publish',
    {
      config: { access: 'star-lists.manage', audit: 'star-list.publish' },
      schema: { params: z.object({ id }), response: { 200: batchSchema } },
    },
    async (request) => {
      request.audit = { targetType: 'star_list_batch', targetId: request.params.id };
      // Notes year, batch and entries inside its transaction (D-audit-tx-1).
      return starLists.publish(request.params.id, actorOf(request).name);
    },
  );

  api.delete(
    '/star-lists/batches/:id',
    {
      config: { access: 'star-lists.manage', audit: 'star-list.delete' },
      schema: { params: z.object({ id }), response: noContent },
    },
    async (request, reply) => {
      request.audit = { targetType: 'star_list_batch', targetId: request.params.id };
      const batch = await starLists.deleteDraft(request.params.id);
      request.audit.detail = {
        listYear: batch.listYear,
        batchNo: batch.batchNo,
        entries: batch.entryCount,
      };
      return reply.code(204).send();
    },
  );

  api.get(
    '/star-lists/entries',
    {
      config: { access: 'star-lists.read' },
      schema: {
        querystring: entryFilter.extend({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: z.object({ items: z.array(entrySchema), total: z.int() }) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filter } = request.query;
      return starLists.entries(filter, { page, pageSize });
    },
  );

  api.get(
    '/star-lists/entries.xlsx',
    {
      config: { access: 'star-lists.read' },
      schema: {
        querystring: entryFilter,
        response: { 200: fileResponse('星级上云企业名单 (Excel)', XLSX) },
      },
    },
    async (request, reply) => {
      const workbook = await starLists.exportEntries(request.query);
      const year = request.query.year ? `${request.query.year}年度` : '';
      return sendWorkbook(reply, workbook, `${year}星级上云企业名单.xlsx`);
    },
  );
}
