/**
 * GET /api/files/:id — a stored document, inline and sandboxed (files.http.ts), to members of
 * the organisation that owns it and to the Data Bureau's reviewers (certification and claim
 * documents). Anyone else gets the same 404 as for an id that does not exist, so ids cannot be
 * probed.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLE_PERMISSIONS } from '../../domain/permissions.js';
import { AppError } from '../../errors.js';
import { actorOf } from '../../http/access.js';
import { fileResponse } from '../../http/api-contract.js';
import type { Actor } from '../../http/types.js';
import type { Services } from '../../services.js';
import { sendStoredFile } from './files.http.js';
import type { FilePurpose, StoredFile } from './files.service.js';

/** Permissions that open an enterprise's review documents to the holder. */
const REVIEW_PERMISSIONS: readonly string[] = ['reviews.certifications', 'reviews.claims'];
const REVIEWED_PURPOSES: readonly FilePurpose[] = [
  'business_licence',
  'authorisation_letter',
  'service_contract',
];

/** Who may read a stored file (pure). */
export function mayReadFile(
  actor: Pick<Actor, 'organisationId' | 'role'>,
  file: Pick<StoredFile, 'organisationId' | 'purpose'>,
): boolean {
  if (actor.organisationId === file.organisationId) return true;
  const isReviewer = ROLE_PERMISSIONS[actor.role].some((p) => REVIEW_PERMISSIONS.includes(p));
  return isReviewer && REVIEWED_PURPOSES.includes(file.purpose);
}

const params = z.object({ id: z.string().trim().min(1).max(100) });

export function registerFileRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { files } = services;

  api.get(
    '/files/:id',
    {
      config: { access: 'account.self' },
      schema: {
        tags: ['files'],
        summary: 'A stored document, shown inline (owner organisation and reviewers only)',
        params,
        response: {
          200: fileResponse('The document as stored', 'application/pdf', 'image/jpeg', 'image/png'),
        },
      },
    },
    async (request, reply) => {
      const file = await files.get(request.params.id);
      if (!file || !mayReadFile(actorOf(request), file)) throw new AppError('FILE_NOT_FOUND');
      return sendStoredFile(reply, files, file);
    },
  );
}
