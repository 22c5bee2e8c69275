/**
 * Every error leaves as application/problem+json (RFC 9457) with a stable `code`.
 * Validation errors name the field; unexpected errors are a 500 with the request id and
 * nothing of the internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable, unavailabilityReason } from '../db/availability.js';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../errors.js';
import { describeIssue } from './validation-messages.js';

/** Seconds a client is asked to wait after a 503: the server is back within 1–2 s of the database. */
export const RETRY_AFTER_SECONDS = 2;

/** The 503 for a database that cannot be reached: what happened, nothing of where. */
export function databaseUnavailable(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    `数据库暂时无法访问，请 ${RETRY_AFTER_SECONDS} 秒后重试（开放接口请使用相同的幂等键） ` +
      'The database is unreachable for the moment; retry shortly (open API: with the same Idempotency-Key)',
  );
}

/** The problem body as both OpenAPI documents describe it (component `Problem`). */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          /** For people, in Chinese: what is allowed (e.g. 最多 100 个字符). */
          message: z.string(),
          /** The rule that refused it (zod's issue code), for a client to word it itself. */
          rule: z.string().optional(),
          /** What the rule allows: minimum, maximum, format, values, keys, reason… */
          limits: z
            .record(
              z.string(),
              z.union([
                z.string(),
                z.number(),
                z.boolean(),
                z.array(z.union([z.string(), z.number()])),
              ]),
            )
            .optional(),
        }),
      )
      .optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'application/problem+json (RFC 9457)' });

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

/**
 * Maps anything thrown to an AppError; unknown errors become INTERNAL_ERROR. A database
 * that cannot be reached is SERVICE_UNAVAILABLE (503), not a 500: nothing is wrong with
 * the request or the code, and the same request will work once the database is back.
 */
/**
 * The value a request sent at a validation issue's path (`/amount`, `/items/0/amount`), or
 * undefined. fastify-type-provider-zod parses without zod's `reportInput`, so its issues do not
 * say whether a wrongly typed field was sent at all: 必填 and 须为数字 are told apart from the
 * request itself.
 */
function sentAt(part: unknown, instancePath: string): unknown {
  let value = part;
  for (const key of instancePath.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function toAppError(
  error: unknown,
  /** The request's parts (body, querystring, params, headers), for the values it sent. */
  sent?: Partial<Record<string, unknown>>,
): {
  appError: AppError;
  unexpected: boolean;
  databaseUnavailable?: boolean;
} {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (isDatabaseUnavailable(error)) {
    return { appError: databaseUnavailable(), unexpected: false, databaseUnavailable: true };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => {
      const prefix = error.validationContext ?? 'body';
      let path = issue.instancePath === '/' ? '' : fieldPath(issue.instancePath);
      // An unknown member is named itself: `body.colour`, not the object that holds it.
      const unknownKeys = (issue.params as { keys?: unknown }).keys;
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(unknownKeys) && unknownKeys[0]) {
        path = path ? `${path}.${String(unknownKeys[0])}` : String(unknownKeys[0]);
      }
      return {
        field: path ? `${prefix}.${path}` : prefix,
        ...describeIssue({
          keyword: issue.keyword,
          params:
            issue.keyword === 'invalid_type' && sent
              ? {
                  ...(issue.params as Record<string, unknown>),
                  input: sentAt(sent[prefix], issue.instancePath),
                }
              : (issue.params as Record<string, unknown>),
          message: issue.message,
        }),
      };
    });
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
    const { appError, unexpected, databaseUnavailable } = toAppError(error, {
      body: request.body,
      querystring: request.query,
      params: request.params,
      headers: request.headers,
    });
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    // One line per request, no stack and no address: an outage under load is thousands of
    // these, and the reason (57P01, ECONNREFUSED, …) is what the operator needs.
    if (databaseUnavailable) {
      request.log.warn({ reason: unavailabilityReason(error) }, 'database unavailable: 503');
    }
    if (appError.code === 'RATE_LIMITED' && !reply.getHeader('retry-after')) {
      reply.header('retry-after', '60');
    }
    if (appError.code === 'SERVICE_UNAVAILABLE' && !reply.getHeader('retry-after')) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    }
    return sendProblem(reply, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new AppError('ROUTE_NOT_FOUND', `${request.method} ${request.url}`)),
  );
}
