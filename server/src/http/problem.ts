/**
 * Every error leaves as application/problem+json (RFC 9457) with a stable `code`.
 * Validation errors name the field; unexpected errors are a 500 with the request id and
 * nothing of the internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemOf(error: AppError, requestId: string): Problem {
  const { status, title } = ERROR_CODES[error.code];
  return {
    ...error.extensions,
    type: `urn:yunquan:error:${error.code}`,
    title,
    status,
    code: error.code,
    detail: error.detail ?? title,
    requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemOf(error, String(reply.request.id)));
}

function fieldPath(instancePath: string, fallback?: string): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  return path || fallback || '(body)';
}

/** Maps anything thrown to an AppError; unknown errors become INTERNAL_ERROR. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      field: `${error.validationContext ?? 'body'}${issue.instancePath ? `.${fieldPath(issue.instancePath)}` : ''}`,
      message: issue.message ?? 'invalid',
    }));
    const first = errors[0];
    return {
      appError: new AppError(
        'VALIDATION_FAILED',
        first ? `${first.field}: ${first.message}` : undefined,
        undefined,
        errors,
      ),
      unexpected: false,
    };
  }
  const fastifyError = error as FastifyError & { statusCode?: number };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        appError: new AppError('UNSUPPORTED_MEDIA_TYPE', fastifyError.message),
        unexpected: false,
      };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return {
        appError: new AppError('PAYLOAD_TOO_LARGE', fastifyError.message),
        unexpected: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        appError: new AppError('MALFORMED_REQUEST', fastifyError.message),
        unexpected: false,
      };
    default:
      break;
  }
  if (fastifyError.statusCode === 429) {
    return { appError: new AppError('RATE_LIMITED', fastifyError.message), unexpected: false };
  }
  if (fastifyError.statusCode === 413) {
    return { appError: new AppError('PAYLOAD_TOO_LARGE', fastifyError.message), unexpected: false };
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // A client error raised by Fastify or a plugin (bad JSON, bad header, …): say what it was.
    return { appError: new AppError('MALFORMED_REQUEST', fastifyError.message), unexpected: false };
  }
  return { appError: new AppError('INTERNAL_ERROR'), unexpected: true };
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { appError, unexpected } = toAppError(error);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    if (appError.code === 'RATE_LIMITED' && !reply.getHeader('retry-after')) {
      reply.header('retry-after', '60');
    }
    return sendProblem(reply, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new AppError('ROUTE_NOT_FOUND', `${request.method} ${request.url}`)),
  );
}
