/**
 * The published contract: OpenAPI 3.1 at /api/open/v1/openapi.json (generated from the
 * routes' zod schemas) and a readable page beside it, rendered on the server from the same
 * document so it needs no script and no CDN.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransformObject, jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import {
  type OpenApiDocument,
  pruneComponents,
  spellOutExhaustiveRecords,
} from '../../http/api-contract.js';

export const OPEN_API_PREFIX = '/api/open/v1';

const SIGNATURE_HEADERS = {
  keyId: { name: 'X-Key-Id', description: "The client's key id (issued with its secret)." },
  timestamp: {
    name: 'X-Timestamp',
    description: 'Unix milliseconds; refused when more than 300 s from the server clock.',
  },
  signature: {
    name: 'X-Signature',
    description:
      'hex HMAC-SHA256(secret, METHOD \\n PATH_WITH_QUERY \\n X-Timestamp \\n hex(SHA256(raw body))).',
  },
} as const;

/**
 * @fastify/swagger options for the published document: only /api/open/v1 routes, their
 * signature headers as three apiKey schemes required together, components named by zod ids.
 */
export function openApiDocumentOptions(config: Config): FastifyDynamicSwaggerOptions {
  const transformObject = createJsonSchemaTransformObject({});
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '云券 Yunquan open API for the operator billing system',
        version: '1.0.0',
        description: 'Voucher deductions (核销) and reversals for Haian Cloud bills.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: Object.fromEntries(
          Object.entries(SIGNATURE_HEADERS).map(([key, header]) => [
            key,
            { type: 'apiKey', in: 'header', ...header },
          ]),
        ),
      },
      // All three headers on every request (one requirement object = AND).
      security: [{ keyId: [], timestamp: [], signature: [] }],
    },
    // Only the open API is a published contract; the UI's API has its own document.
    transform: (input) =>
      input.url.startsWith(OPEN_API_PREFIX)
        ? jsonSchemaTransform(input)
        : { schema: { ...input.schema, hide: true }, url: input.url },
    transformObject: (input) => {
      const document = transformObject(input) as unknown as OpenApiDocument;
      spellOutExhaustiveRecords(document);
      pruneComponents(document);
      return document as never;
    },
  };
}

interface Operation {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

function renderPage(spec: {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, Operation>>;
}): string {
  const sections = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''}) ${escapeHtml(p.description ?? '')}</li>`,
        )
        .join('');
      const statuses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) => `<code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? '')}`,
        )
        .join(' · ');
      const body = op.requestBody
        ? `<details><summary>Request body schema</summary><pre>${escapeHtml(JSON.stringify(op.requestBody, null, 2))}</pre></details>`
        : '';
      return `<section><h2><span class="m">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h2>
<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<ul>${params}</ul>` : ''}${body}<p>${statuses}</p></section>`;
    }),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>${escapeHtml(spec.info?.title ?? 'Open API')}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;line-height:1.5}
section{border-top:1px solid #ddd;padding:.5rem 0}.m{background:#1677ff;color:#fff;border-radius:4px;padding:0 .4rem;font-size:.8em}
pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.8em}</style></head><body>
<h1>${escapeHtml(spec.info?.title ?? '')} <small>${escapeHtml(spec.info?.version ?? '')}</small></h1>
<p>机器可读文档 Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).
Every request is signed: <code>X-Key-Id</code>, <code>X-Timestamp</code> (Unix ms),
<code>X-Signature</code> = hex HMAC-SHA256(secret, METHOD \\n PATH_WITH_QUERY \\n X-Timestamp \\n Idempotency-Key \\n hex(SHA256(body)));
the Idempotency-Key line is the header's value, empty when there is none, so a captured request cannot be replayed under a fresh key.
Every POST carries an <code>Idempotency-Key</code>. Amounts are integer fen.
Errors are <code>application/problem+json</code> with a stable <code>code</code>.</p>
${sections.join('\n')}</body></html>`;
}

export function registerOpenApiDocs(app: FastifyInstance): void {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  app.get(
    '/docs',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(renderPage(app.swagger() as never)),
  );
}
