/**
 * Claim routes: the enterprise's offers, contract upload, submission and resubmission
 * (`claims.own`, scoped to the caller's organisation), and the Data Bureau's claim queue
 * (`reviews.claims`). Thin: parse, authorise, call ClaimsService (the enterprise) or
 * ClaimReviewService (the Data Bureau), present.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/access.js';
import type { Services } from '../../services.js';
import { readUpload } from '../files/files.http.js';
import {
  claimParams,
  claimView,
  fileMeta,
  offersQuery,
  offersResponse,
  ownClaimsResponse,
  queueQuery,
  queueResponse,
  resubmitBody,
  returnBody,
  reviewView,
  submitBody,
} from './claims.schemas.js';

export function registerClaimRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { claims, claimReview } = services;

  // ── The enterprise ─────────────────────────────────────────────────────────────────────

  api.get(
    '/claims/offers',
    {
      config: { access: 'claims.own' },
      schema: { querystring: offersQuery, response: { 200: offersResponse } },
    },
    async (request) => claims.offers(actorOf(request), request.query.listYear),
  );

  api.post(
    '/claims/contracts',
    {
      config: { access: 'claims.own', audit: 'claims.contract.upload' },
      schema: { response: { 201: fileMeta } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const maxBytes = await claims.contractUploadLimit(actor);
      const upload = await readUpload(request, maxBytes);
      const stored = await claims.storeContract(actor, upload);
      request.audit = {
        targetType: 'file',
        targetId: stored.id,
        detail: { sha256: stored.sha256, size: stored.size },
      };
      return reply.code(201).send(stored);
    },
  );

  api.get(
    '/claims',
    { config: { access: 'claims.own' }, schema: { response: { 200: ownClaimsResponse } } },
    async (request) => ({ items: await claims.ownClaims(actorOf(request)) }),
  );

  api.post(
    '/claims',
    {
      config: { access: 'claims.own', audit: 'claims.submit' },
      schema: { body: submitBody, response: { 201: claimView } },
    },
    async (request, reply) => {
      request.audit = { targetType: 'star_list_entry', targetId: request.body.entryId };
      const claim = await claims.submit(actorOf(request), request.body);
      request.audit = {
        targetType: 'claim',
        targetId: claim.id,
        detail: { entryId: claim.entryId, contractFileId: request.body.contractFileId },
      };
      return reply.code(201).send(claim);
    },
  );

  api.get(
    '/claims/:id',
    {
      config: { access: 'claims.own' },
      schema: { params: claimParams, response: { 200: claimView } },
    },
    async (request) => claims.ownClaim(actorOf(request), request.params.id),
  );

  api.post(
    '/claims/:id/resubmit',
    {
      config: { access: 'claims.own', audit: 'claims.resubmit' },
      schema: { params: claimParams, body: resubmitBody, response: { 200: claimView } },
    },
    async (request) => {
      request.audit = {
        targetType: 'claim',
        targetId: request.params.id,
        detail: { contractFileId: request.body.contractFileId },
      };
      return claims.resubmit(actorOf(request), request.params.id, request.body);
    },
  );

  // ── The Data Bureau's queue ────────────────────────────────────────────────────────────

  api.get(
    '/reviews/claims',
    {
      config: { access: 'reviews.claims' },
      schema: { querystring: queueQuery, response: { 200: queueResponse } },
    },
    async (request) => claimReview.queue(request.query),
  );

  api.get(
    '/reviews/claims/:id',
    {
      config: { access: 'reviews.claims' },
      schema: { params: claimParams, response: { 200: reviewView } },
    },
    async (request) => claimReview.review(request.params.id),
  );

  api.post(
    '/reviews/claims/:id/approve',
    {
      config: { access: 'reviews.claims', audit: 'claims.approve' },
      schema: { params: claimParams, response: { 200: reviewView } },
    },
    async (request) => {
      request.audit = { targetType: 'claim', targetId: request.params.id };
      // Notes the voucher granted and its amount inside its transaction (D-audit-tx-1).
      return claimReview.approve(actorOf(request), request.params.id);
    },
  );

  api.post(
    '/reviews/claims/:id/return',
    {
      config: { access: 'reviews.claims', audit: 'claims.return' },
      schema: { params: claimParams, body: returnBody, response: { 200: reviewView } },
    },
    async (request) => {
      request.audit = {
        targetType: 'claim',
        targetId: request.params.id,
        detail: { reason: request.body.reason },
      };
      return claimReview.returnClaim(actorOf(request), request.params.id, request.body.reason);
    },
  );
}
