/**
 * The security headers are set from a list worked out once (http/security-headers.ts,
 * D-http-speed-2) instead of by @fastify/helmet on every request. Every kind of response must
 * carry exactly what @fastify/helmet itself gives with the same options: compared here header
 * by header against the plugin, registered in a bare Fastify, for both HTTPS_ONLY settings —
 * on API JSON, problem+json errors (404, 401, 400 from the body parser, validation), the open
 * API (signed and refused, and its document), the static assets and the UI's HTML page. The
 * policy's text is also pinned as it was before the change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../../clients/node/yunquan-client.mjs';
import { helmetOptions } from '../../src/http/security-headers.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));

/** Every header helmet may set or remove, in either setting. */
const HELMET_HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'cross-origin-embedder-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-powered-by',
  'x-xss-protection',
];

type Headers = Record<string, string | string[] | number | undefined>;

function helmetPart(headers: Headers): Record<string, unknown> {
  return Object.fromEntries(HELMET_HEADERS.map((name) => [name, headers[name]]));
}

/** What @fastify/helmet sets, from the plugin itself, with the platform's options. */
async function pluginHeaders(httpsOnly: boolean): Promise<Record<string, unknown>> {
  const bare = Fastify();
  await bare.register(fastifyHelmet, helmetOptions({ httpsOnly }));
  bare.get('/', async () => ({ ok: true }));
  const response = await bare.inject({ method: 'GET', url: '/' });
  await bare.close();
  return helmetPart(response.headers);
}

for (const httpsOnly of [false, true]) {
  describe(`security headers, HTTPS_ONLY=${httpsOnly}`, () => {
    let t: TestApp;
    let world: VoucherWorld;
    let expected: Record<string, unknown>;
    beforeAll(async () => {
      t = await createTestApp({ env: { HTTPS_ONLY: String(httpsOnly) } });
      world = await buildVoucherWorld(t.app);
      expected = await pluginHeaders(httpsOnly);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('the plugin sets what it always did (the policy text pinned)', () => {
      expect(expected['content-security-policy']).toBe(
        "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';" +
          "frame-ancestors 'self';img-src 'self' data: blob:;object-src 'self' blob:;" +
          "script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';" +
          (httpsOnly ? 'upgrade-insecure-requests;' : '') +
          "frame-src 'self' blob:",
      );
      expect(expected['strict-transport-security']).toBe(
        httpsOnly ? 'max-age=31536000; includeSubDomains' : undefined,
      );
      expect(expected['x-frame-options']).toBe('SAMEORIGIN');
      expect(expected['x-content-type-options']).toBe('nosniff');
    });

    const signed = (method: string, url: string, body = '', key = '') => {
      const timestamp = String(t.clock.now().getTime());
      return {
        method: method as 'GET' | 'POST',
        url,
        payload: body || undefined,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
          'x-key-id': world.keyId,
          'x-timestamp': timestamp,
          'x-signature': sign(world.secret, method, url, timestamp, key, body),
        },
      };
    };

    it('every kind of response carries exactly the plugin’s headers', async () => {
      const { creditCode } = await world.enterpriseWithVoucher(3);
      const deduction = JSON.stringify({
        orderNo: `SH-${httpsOnly}`,
        creditCode,
        category: 'compute',
        amount: 100,
      });
      const requests = {
        'API JSON': { method: 'GET' as const, url: '/api/health' },
        'problem 404': { method: 'GET' as const, url: '/api/no-such-route' },
        'problem 401': { method: 'GET' as const, url: '/api/notifications' },
        'problem 400 (body parser)': {
          method: 'POST' as const,
          url: '/api/session/sign-in',
          payload: '{not json',
          headers: { 'content-type': 'application/json' },
        },
        'open API 201': signed('POST', '/api/open/v1/deductions', deduction, `sh-${httpsOnly}`),
        'open API 200 replay': signed(
          'POST',
          '/api/open/v1/deductions',
          deduction,
          `sh-${httpsOnly}`,
        ),
        'open API GET': signed('GET', `/api/open/v1/enterprises/${creditCode}/vouchers`),
        'open API 400 (validation)': signed(
          'POST',
          '/api/open/v1/deductions',
          JSON.stringify({ orderNo: 'x' }),
          `sh-bad-${httpsOnly}`,
        ),
        'open API 401': {
          method: 'POST' as const,
          url: '/api/open/v1/deductions',
          payload: deduction,
          headers: { 'content-type': 'application/json' },
        },
        'open API document': { method: 'GET' as const, url: '/api/open/v1/openapi.json' },
      };
      const statuses: Record<string, number> = {};
      for (const [kind, request] of Object.entries(requests)) {
        const response = await t.app.inject(request);
        statuses[kind] = response.statusCode;
        expect(helmetPart(response.headers), kind).toEqual(expected);
      }
      // The kinds are what they say (a request that went wrong would prove nothing).
      expect(statuses).toEqual({
        'API JSON': 200,
        'problem 404': 404,
        'problem 401': 401,
        'problem 400 (body parser)': 400,
        'open API 201': 201,
        'open API 200 replay': 201,
        'open API GET': 200,
        'open API 400 (validation)': 400,
        'open API 401': 401,
        'open API document': 200,
      });
    });

    it.skipIf(!built)('the UI’s HTML page and static assets carry them too', async () => {
      const asset = fs
        .readdirSync(path.join(WEB_DIST, 'assets'))
        .find((name) => name.endsWith('.js'));
      for (const url of ['/', '/enterprise/vouchers', `/assets/${asset}`, '/assets/missing.js']) {
        const response = await t.app.inject({
          method: 'GET',
          url,
          headers: { 'accept-encoding': 'br, gzip' },
        });
        expect(response.statusCode, url).toBe(url.includes('missing') ? 404 : 200);
        expect(helmetPart(response.headers), url).toEqual(expected);
      }
    });
  });
}
