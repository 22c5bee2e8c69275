/**
 * The internal API's contract: an OpenAPI 3.1 document of every `/api` route the UI calls,
 * generated from the same zod schemas the routes validate and serialise with (the open API's
 * document is made the same way, see modules/open-api/open-api.docs.ts). The document is
 * served to administrators at GET /api/openapi.json, written to docs/api/internal-openapi.json
 * by `npm run api:generate`, and the UI's types (web/src/api/generated/internal.d.ts) are
 * generated from it, so a response shape is written once, on the server.
 *
 * What a route contributes: its zod schemas (params, querystring, body, response — named with
 * `.meta({ id })` where the UI refers to them), its `config.access` (becomes the security
 * requirement and `x-access`), optionally `schema.summary` and `schema.operationId`.
 * Everything else is derived here so that routes added later are picked up without edits.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import {
  createJsonSchemaTransformObject,
  jsonSchemaTransform,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from './problem.js';
import type { RouteAccess } from './types.js';

/** The name under which @fastify/swagger decorates the app with the internal document. */
export const INTERNAL_DOCUMENT_DECORATOR = 'internalApiDocument';
const OPEN_API_PREFIX = '/api/open/';

/** better-auth's session cookie (cookiePrefix `yunquan`); `__Secure-` in front over HTTPS. */
const SESSION_COOKIE = 'yunquan.session_token';

export type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
};

export type OpenApiOperation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
  'x-access'?: RouteAccess;
  [key: string]: unknown;
};

declare module 'fastify' {
  interface FastifyInstance {
    /** The internal API's OpenAPI document (see http/api-contract.ts). */
    internalApiDocument(): OpenApiDocument;
  }
}

const isInternal = (url: string) => url.startsWith('/api/') && !url.startsWith(OPEN_API_PREFIX);

/**
 * `POST /api/plans/:id/budget-increases` → `postPlansByIdBudgetIncreases`: the method and the
 * path, so the id stays the same as long as the route does, and two routes cannot share one.
 */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) =>
      segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[^A-Za-z0-9]+/),
    )
    .filter(Boolean);
  const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return `${method.toLowerCase()}${pascal}`;
}

/** The first path segment names the area (plans, claims, reviews…): the operation's tag. */
function tagOf(url: string): string {
  return url.replace(/^\/api\//, '').split(/[/.]/)[0] ?? 'api';
}

/** Bytes as the handler sends them (a Buffer or a stream); documented as a binary string. */
const binary = z
  .custom<Buffer | Uint8Array | NodeJS.ReadableStream>(() => true)
  .meta({ type: 'string', format: 'binary' });

/** A binary download, declared as such (the UI reads it as a Blob through apiDownload). */
export function fileResponse(description: string, ...mediaTypes: string[]) {
  return {
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: binary }])),
  };
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `204 No Content`: the route succeeds without a body. */
export const noContent = { 204: z.undefined().describe('Done; no content') };

const REFUSAL = {
  description:
    'Refused: application/problem+json with a stable `code` (server/src/errors.ts); validation errors name the field.',
  content: {
    'application/problem+json': {
      schema: { $ref: `#/components/schemas/${z.globalRegistry.get(problemSchema)?.id}` },
    },
  },
};

/** Keeps only the components the paths reach (the zod registry is shared by both documents). */
export function pruneComponents(document: OpenApiDocument): void {
  const schemas = document.components.schemas ?? {};
  const reached = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        const name = child.replace('#/components/schemas/', '');
        if (!reached.has(name) && name in schemas) {
          reached.add(name);
          visit(schemas[name]);
        }
      } else visit(child);
    }
  };
  visit(document.paths);
  document.components.schemas = Object.fromEntries(
    Object.keys(schemas)
      .filter((name) => reached.has(name))
      .sort()
      .map((name) => [name, schemas[name]]),
  );
}

/**
 * `z.record(z.enum([...]), …)` has every key: zod says so with `propertyNames` + `required`,
 * which linters read as required properties that are never defined. The same thing said
 * with `properties` is equivalent and gives the UI a type with exactly those keys.
 */
export function spellOutExhaustiveRecords(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) spellOutExhaustiveRecords(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const schema = value as Record<string, unknown>;
  const names = (schema.propertyNames as { enum?: unknown[] } | undefined)?.enum;
  if (
    Array.isArray(names) &&
    Array.isArray(schema.required) &&
    schema.properties === undefined &&
    typeof schema.additionalProperties === 'object'
  ) {
    const valueSchema = schema.additionalProperties;
    schema.properties = Object.fromEntries(names.map((name) => [String(name), valueSchema]));
    schema.additionalProperties = false;
    delete schema.propertyNames;
  }
  for (const child of Object.values(schema)) spellOutExhaustiveRecords(child);
}

/**
 * What makes the document unfit to generate the UI's types from: a JSON route without a
 * declared response, or two operations with one id. Empty when all is well.
 */
export function contractProblems(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const where = `${method.toUpperCase()} ${path}`;
      const id = operation.operationId ?? '';
      if (!id) problems.push(`${where}: no operationId`);
      const other = seen.get(id);
      if (other) problems.push(`${where}: operationId ${id} is also used by ${other}`);
      seen.set(id, where);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^2/.test(status) && status !== '204' && !response.content) {
          problems.push(`${where}: response ${status} declares no content (add schema.response)`);
        }
      }
    }
  }
  return problems;
}

/** @fastify/swagger options for the internal document (a second instance beside the open API's). */
export function internalDocumentOptions(): FastifyDynamicSwaggerOptions {
  const transformObject = createJsonSchemaTransformObject({});
  return {
    decorator: INTERNAL_DOCUMENT_DECORATOR,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '云券 Yunquan internal API (the web UI’s)',
        version: '1.0.0',
        description:
          'Every /api route the web UI calls, generated from the routes’ zod schemas. Not a published contract: it changes with the UI. Amounts are integer fen; times are ISO 8601; errors are application/problem+json with a stable `code`.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      // Relative: the document must not depend on where it was generated.
      servers: [{ url: '/', description: 'The origin that serves the web UI' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description:
              'The signed-in session (better-auth); named `__Secure-yunquan.session_token` when served over HTTPS. Each route also requires a permission, given as `x-access` (server/src/domain/permissions.ts).',
          },
        },
      },
    },
    transform: (input) => {
      const route = (input as { route?: RouteOptions }).route;
      if (!isInternal(input.url) || !route || (input.schema as { hide?: boolean })?.hide) {
        return { schema: { ...input.schema, hide: true }, url: input.url };
      }
      const transformed = jsonSchemaTransform(input);
      const schema = transformed.schema ?? {};
      const url = transformed.url;
      const method = (Array.isArray(route.method) ? route.method[0] : route.method) ?? 'GET';
      const access = route.config?.access as RouteAccess | undefined;
      const declared = schema as { summary?: string; operationId?: string };
      return {
        url,
        schema: {
          ...schema,
          operationId: declared.operationId ?? operationIdOf(method, url),
          summary: declared.summary ?? `${method} ${url.replace(/:(\w+)/g, '{$1}')}`,
          tags: (schema as { tags?: string[] }).tags ?? [tagOf(url)],
          security: access === 'public' ? [] : [{ session: [] }],
          'x-access': access,
        },
      };
    },
    transformObject: (input) => {
      const document = transformObject(input) as unknown as OpenApiDocument;
      for (const methods of Object.values(document.paths)) {
        for (const operation of Object.values(methods)) {
          const refusals = Object.keys(operation.responses).some((status) => /^4/.test(status));
          if (!refusals) operation.responses['4XX'] = REFUSAL;
        }
      }
      spellOutExhaustiveRecords(document);
      pruneComponents(document);
      return document as never;
    },
  };
}

/** GET /api/openapi.json: the internal document, for administrators (see D-api-contract-2). */
export function registerInternalApiDocumentRoute(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/openapi.json',
    {
      config: { access: 'api-docs.read' },
      schema: { hide: true },
    },
    async () => app.internalApiDocument(),
  );
}
