/**
 * The one way the UI talks to the server: JSON in, JSON out, cookies sent, and every
 * error turned into an `ApiError` carrying the server's stable `code`. The UI never shows
 * the server's English `title` to officials; it maps `code` to its own words (see errors.ts).
 *
 * Paths, parameters, bodies and responses are typed by the server's own document
 * (generated/internal.d.ts, from the routes' zod schemas by `npm run api:generate`): `client`
 * is openapi-fetch's client over `paths`, and `data()` hands back the success body.
 */
import createClient from 'openapi-fetch';
import type { Schema } from './contract';
import type { paths } from './generated/internal';

/** A field named by a validation problem (the server's `Problem` schema). */
export type FieldError = NonNullable<Schema<'Problem'>['errors']>[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** The first field named by a validation error, if any. */
  readonly field: string | undefined;
  readonly errors: FieldError[];
  readonly requestId: string | undefined;
  /** Seconds from a `Retry-After` header (429). */
  readonly retryAfter: number | undefined;
  /** The whole problem body, for extra members such as `lockedUntil`. */
  readonly body: Record<string, unknown>;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string;
    errors?: FieldError[];
    requestId?: string;
    retryAfter?: number;
    body?: Record<string, unknown>;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.field = this.errors[0]?.field;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
    this.body = init.body ?? {};
  }
}

/** Raised when the server cannot be reached at all. */
export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';

const SESSION_CODES = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

/** Errors about the session itself rather than the request: the app, not the page, acts. */
function isSessionError(error: ApiError): boolean {
  return (
    (error.status === 401 && SESSION_CODES.has(error.code)) ||
    (error.status === 403 &&
      (error.code === 'TOTP_ENROLMENT_REQUIRED' || error.code === 'PASSWORD_CHANGE_REQUIRED'))
  );
}

type SessionErrorHandler = (error: ApiError) => void;
let sessionErrorHandler: SessionErrorHandler | null = null;

/**
 * The app registers how to react when the session is gone (go to the sign-in page), must
 * first replace a temporary password (go to that page) or enrol a TOTP authenticator (go to
 * the enrolment page).
 */
/** Hands a session error found without a failed request (the session state said so). */
export function reportSessionError(error: ApiError): void {
  if (sessionErrorHandler && isSessionError(error)) sessionErrorHandler(error);
}

export function setSessionErrorHandler(handler: SessionErrorHandler | null): void {
  sessionErrorHandler = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `Idempotency-Key` on a deduction. */
  headers?: Record<string, string>;
  /** Handle session errors here instead of leaving the page (the sign-in calls themselves). */
  skipSessionRedirect?: boolean;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isJson(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return type.includes('application/json') || type.includes('+json');
}

function asFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (item && typeof item === 'object' && 'field' in item) {
      const { field, message, rule, limits } = item as {
        field: unknown;
        message?: unknown;
        rule?: unknown;
        limits?: unknown;
      };
      return [
        {
          field: String(field),
          message: typeof message === 'string' ? message : '',
          ...(typeof rule === 'string' ? { rule } : {}),
          ...(limits && typeof limits === 'object'
            ? { limits: limits as NonNullable<FieldError['limits']> }
            : {}),
        },
      ];
    }
    return [];
  });
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  if (isJson(response)) {
    try {
      const parsed: unknown = await response.json();
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      // A broken body still yields an error with the HTTP status.
    }
  }
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError({
    status: response.status,
    code: text('code') ?? `HTTP_${response.status}`,
    title: text('title') ?? response.statusText,
    detail: text('detail'),
    errors: asFieldErrors(body.errors),
    requestId: text('requestId') ?? response.headers.get('x-request-id') ?? undefined,
    retryAfter: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    body,
  });
}

/**
 * fetch for openapi-fetch with this module's rules: a network failure or any non-2xx answer
 * becomes a thrown ApiError (session errors also go to the app's handler, unless the caller
 * handles them itself), so a resolved call always carries the success body.
 */
function apiFetch(skipSessionRedirect: boolean) {
  return async (request: Request): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(request);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError({ status: 0, code: NETWORK_ERROR_CODE, title: 'Network error' });
    }
    if (!response.ok) {
      const error = await toApiError(response);
      if (!skipSessionRedirect && sessionErrorHandler && isSessionError(error)) {
        sessionErrorHandler(error);
      }
      throw error;
    }
    return response;
  };
}

/** The typed client: `client.GET('/api/plans/{year}', { params: { path: { year } } })`. */
export const client = createClient<paths>({
  credentials: 'include',
  headers: { Accept: 'application/json, application/problem+json' },
  fetch: apiFetch(false),
  // Empty and absent values are left out, as buildUrl does (a cleared filter is no filter).
  querySerializer: (query) => buildUrl('', query as Record<string, QueryValue>).replace(/^\?/, ''),
});

/** Spread into a call's options to handle session errors there (the sign-in calls themselves). */
export const withoutSessionRedirect = { fetch: apiFetch(true) } as const;

/**
 * The success body of a typed call. Refusals never get here: apiFetch throws them as
 * ApiErrors, so `data` is present whenever the server declared one (undefined for a 204).
 */
export async function data<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, skipSessionRedirect = false } = options;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...options.headers,
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'include',
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: NETWORK_ERROR_CODE, title: 'Network error' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (!skipSessionRedirect && sessionErrorHandler && isSessionError(error)) {
      sessionErrorHandler(error);
    }
    throw error;
  }

  if (response.status === 204 || !isJson(response)) return undefined as T;
  return (await response.json()) as T;
}

/**
 * A multipart upload (a document, a spreadsheet): the text fields first, then the file, so
 * the server reads the fields before the bytes. Errors are `ApiError`s like everywhere else.
 */
export async function apiUpload<T>(
  path: string,
  file: File,
  fields: Record<string, string> = {},
): Promise<T> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { Accept: 'application/json, application/problem+json' },
      body: form,
      credentials: 'include',
    });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR_CODE, title: 'Network error' });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (sessionErrorHandler && isSessionError(error)) sessionErrorHandler(error);
    throw error;
  }
  if (response.status === 204 || !isJson(response)) return undefined as T;
  return (await response.json()) as T;
}

/** The file name from a `Content-Disposition` header (RFC 6266 `filename*` first). */
function fileNameOf(response: Response): string | undefined {
  const header = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1];
}

/**
 * A file from a cookie-authenticated GET (an Excel export), with the server's file name.
 * Errors are `ApiError`s like everywhere else, so a page can say what went wrong instead of
 * saving an error document as a spreadsheet.
 */
export async function apiDownload(
  path: string,
  query?: Record<string, QueryValue>,
): Promise<{ blob: Blob; fileName: string | undefined }> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { credentials: 'include' });
  } catch {
    throw new ApiError({ status: 0, code: NETWORK_ERROR_CODE, title: 'Network error' });
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (sessionErrorHandler && isSessionError(error)) sessionErrorHandler(error);
    throw error;
  }
  return { blob: await response.blob(), fileName: fileNameOf(response) };
}

/** Hands a downloaded file to the browser as if a link had been clicked. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
