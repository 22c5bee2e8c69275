/**
 * Shared HTTP pieces for uploads and downloads: reading one multipart file within limits, and
 * sending a stored file inline so reviewers can view PDFs and images in the browser without
 * it ever being able to run script on our origin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { assertNoControlCharacters, CONTROL_CHARACTER } from '../../http/control-characters.js';
import type { FilesService, StoredFile } from './files.service.js';

export interface Upload {
  bytes: Buffer;
  filename: string;
  /** The other (text) fields of the form. */
  fields: Record<string, string>;
}

/** Reads a multipart form with one file; over `maxBytes` is 413 FILE_TOO_LARGE. */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  }
  const fields: Record<string, string> = {};
  let upload: { bytes: Buffer; filename: string } | null = null;
  for await (const part of request.parts({
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000 },
  })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError(
            'FILE_TOO_LARGE',
            `文件超过 ${Math.floor(maxBytes / 1024 / 1024)} MB 上限`,
            { maxBytes },
          );
        }
        throw error;
      });
      // The name comes from the sender's file system, not from typing: stripped, not refused.
      const filename = part.filename.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), '');
      upload = { bytes, filename };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  // Multipart fields are parsed here, after the request's own control-character check.
  assertNoControlCharacters(fields, 'body');
  if (!upload)
    throw new AppError('VALIDATION_FAILED', 'file: 请选择要上传的文件', undefined, [
      { field: 'file', message: '缺少文件' },
    ]);
  return { ...upload, fields };
}

export function sendStoredFile(
  reply: FastifyReply,
  files: FilesService,
  file: StoredFile,
): FastifyReply {
  return (
    reply
      .type(file.mediaType)
      .header(
        'content-disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      )
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-security-policy',
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      )
      // Personal documents: never kept by a cache (the access hook says no-store for all
      // authenticated answers; said here too so that the intent is plain).
      .header('cache-control', 'no-store')
      .send(files.open(file))
  );
}
