/**
 * Certification: the enterprise's page (its certification with every round, uploads, submit and
 * resubmit, the authorisation-letter template) and the Data Bureau's review queue (list, detail,
 * audited reveal, approve, return). Handlers parse, call a service and present.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.js';
import { fileResponse } from '../../http/api-contract.js';
import type { Services } from '../../services.js';
import { readUpload } from '../files/files.http.js';
import { AUTHORISATION_LETTER_FILENAME, authorisationLetterPdf } from './authorisation-letter.js';
import {
  approveBody,
  certificationResponse,
  fileUrl,
  idParams,
  listingQuery,
  listingResponse,
  ownCertificationResponse,
  presentForEnterprise,
  presentForReviewer,
  presentOwn,
  presentQueue,
  queueQuery,
  queueResponse,
  returnBody,
  revealBody,
  revealResponse,
  reviewCertificationResponse,
  submitCertificationBody,
  uploadedFileResponse,
} from './certification.schemas.js';
import type { CertificationPurpose } from './certification.service.js';

export function registerCertificationRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { certification, certificationReview } = services;

  // ── The enterprise ───────────────────────────────────────────────────────────────────────

  api.get(
    '/certification',
    {
      config: { access: 'certification.own' },
      schema: {
        tags: ['certification'],
        summary: 'One’s own enterprise certification with every round (personal data masked)',
        response: { 200: ownCertificationResponse },
      },
    },
    async (request) => presentOwn(await certification.own(actorOf(request))),
  );

  // Before certifying: only enterprises on a published star list can claim (第七条), so the
  // form warns while there is still time to check the code.
  api.get(
    '/certification/listing',
    {
      config: { access: 'certification.own' },
      schema: {
        tags: ['certification'],
        summary: 'Whether a credit code is on a published star list, and of which years',
        querystring: listingQuery,
        response: { 200: listingResponse },
      },
    },
    async (request) => ({
      creditCode: request.query.creditCode,
      publishedYears: await services.starLists.publishedYearsOf(request.query.creditCode),
    }),
  );

  api.post(
    '/certification/files',
    {
      config: { access: 'certification.own', audit: 'certification.upload' },
      schema: {
        tags: ['certification'],
        summary:
          'Upload a business licence or letter of authorisation (multipart: purpose, file); ' +
          'PDF, JPEG or PNG judged by content, within the policy’s size limit',
        response: { 201: uploadedFileResponse },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const limits = await certification.uploadLimits();
      const upload = await readUpload(request, limits.maxBytes);
      const file = await certification.uploadDocument(actor, {
        bytes: upload.bytes,
        filename: upload.filename,
        purpose: upload.fields.purpose,
      });
      request.audit = {
        targetType: 'file',
        targetId: file.id,
        detail: { purpose: file.purpose, sha256: file.sha256, size: file.size },
      };
      const body = uploadedFileResponse.parse({
        id: file.id,
        sha256: file.sha256,
        size: file.size,
        mediaType: file.mediaType,
        originalName: file.originalName,
        purpose: file.purpose as CertificationPurpose,
        url: fileUrl(file.id),
      });
      return reply.code(201).send(body);
    },
  );

  api.post(
    '/certification',
    {
      config: { access: 'certification.own', audit: 'certification.submit' },
      schema: {
        tags: ['certification'],
        summary: 'Submit the certification, or resubmit it after a return (a new round)',
        body: submitCertificationBody,
        response: { 201: certificationResponse },
      },
    },
    async (request, reply) => {
      const record = await certification.submit(actorOf(request), request.body);
      request.audit = {
        targetType: 'certification',
        targetId: record.id,
        detail: { roundNo: record.currentRound, creditCode: request.body.creditCode },
      };
      return reply.code(201).send({ certification: presentForEnterprise(record) });
    },
  );

  api.get(
    '/certification/authorisation-letter-template.pdf',
    {
      config: { access: 'public' },
      schema: {
        tags: ['certification'],
        summary: 'The letter-of-authorisation template (PDF) to print, sign, stamp and upload',
        response: { 200: fileResponse('授权委托书模板 (PDF)', 'application/pdf') },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="authorisation-letter.pdf"; filename*=UTF-8''${encodeURIComponent(AUTHORISATION_LETTER_FILENAME)}`,
        )
        .header('cache-control', 'public, max-age=86400')
        .send(await authorisationLetterPdf()),
  );

  // ── The Data Bureau's review queue ───────────────────────────────────────────────────────

  api.get(
    '/reviews/certifications',
    {
      config: { access: 'reviews.certifications' },
      schema: {
        tags: ['reviews'],
        summary: 'Certification queue: filter by status and name or credit code; counts by status',
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    },
    async (request) => presentQueue(await certificationReview.queue(request.query)),
  );

  api.get(
    '/reviews/certifications/:id',
    {
      config: { access: 'reviews.certifications' },
      schema: {
        tags: ['reviews'],
        summary: 'A certification with every round, documents, real-name check, list comparison',
        params: idParams,
        response: { 200: reviewCertificationResponse },
      },
    },
    async (request) => ({
      certification: presentForReviewer(await certificationReview.detail(request.params.id)),
    }),
  );

  api.post(
    '/reviews/certifications/:id/reveal',
    {
      config: { access: 'reviews.certifications', audit: 'certification.reveal' },
      schema: {
        tags: ['reviews'],
        summary: 'Show one personal field of one round in full (audited)',
        params: idParams,
        body: revealBody,
        response: { 200: revealResponse },
      },
    },
    async (request) => {
      const { field, roundNo } = request.body;
      request.audit = {
        targetType: 'certification',
        targetId: request.params.id,
        detail: { field, roundNo },
      };
      const value = await certificationReview.reveal(request.params.id, roundNo, field);
      return { field, roundNo, value };
    },
  );

  api.post(
    '/reviews/certifications/:id/approve',
    {
      config: { access: 'reviews.certifications', audit: 'certification.approve' },
      schema: {
        tags: ['reviews'],
        summary: 'Approve the latest round: the enterprise is certified under its name and code',
        params: idParams,
        body: approveBody,
        response: { 200: reviewCertificationResponse },
      },
    },
    async (request) => {
      request.audit = {
        targetType: 'certification',
        targetId: request.params.id,
        detail: { roundNo: request.body.roundNo },
      };
      const record = await certificationReview.approve(
        actorOf(request),
        request.params.id,
        request.body.roundNo,
      );
      return { certification: presentForReviewer(record) };
    },
  );

  api.post(
    '/reviews/certifications/:id/return',
    {
      config: { access: 'reviews.certifications', audit: 'certification.return' },
      schema: {
        tags: ['reviews'],
        summary: 'Return the latest round to the enterprise with a reason',
        params: idParams,
        body: returnBody,
        response: { 200: reviewCertificationResponse },
      },
    },
    async (request) => {
      request.audit = {
        targetType: 'certification',
        targetId: request.params.id,
        detail: { roundNo: request.body.roundNo, reason: request.body.reason },
      };
      const record = await certificationReview.returnForCorrection(
        actorOf(request),
        request.params.id,
        request.body.roundNo,
        request.body.reason,
      );
      return { certification: presentForReviewer(record) };
    },
  );
}
