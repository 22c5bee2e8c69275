/**
 * Cross-site request protection (issue 10 §1.4): a state-changing /api request that a browser
 * sends from another site (Origin, or without it Sec-Fetch-Site) is refused with 403
 * CROSS_SITE_REQUEST before anything else happens, on every such route (derived from the
 * registered routes, as the route matrix is). The signed open API carries no cookies and is
 * exempt; clients that send neither header (the CLI, scripts, curl) are not browsers and pass.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../../src/http/access.js';
import { signedInAs, type TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

function probeUrl(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+/g, 'cross-site-probe').replace(/\*$/, 'cross-site-probe');
}

function stateChanging(routes: RegisteredRoute[]): RegisteredRoute[] {
  return routes.filter(
    (route) =>
      MUTATING.includes(route.method) &&
      route.access !== 'api-client' &&
      route.url.startsWith('/api/'),
  );
}

function send(
  client: TestClient,
  route: RegisteredRoute,
  headers: Record<string, string>,
): Promise<LightMyRequestResponse> {
  return client.request({
    method: route.method as 'POST',
    url: probeUrl(route.url),
    // The classic cross-site form post: a "simple" content type needs no CORS preflight.
    headers: { 'content-type': 'text/plain', ...headers },
    ...(route.method === 'DELETE' ? {} : { payload: '{}' }),
  });
}

describe('with PUBLIC_URL set', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'https://yunquan.example.gov.cn' } });
    ({ client } = await signedInAs(t.app, 'system_admin'));
  });
  afterAll(() => t.close());

  it('covers a meaningful set of routes', () => {
    expect(stateChanging(t.app.registeredRoutes).length).toBeGreaterThan(20);
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a sibling subdomain', { origin: 'https://evil.yunquan.example.gov.cn' }],
    ['plain HTTP to an HTTPS platform', { origin: 'http://yunquan.example.gov.cn' }],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
    ['Sec-Fetch-Site cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site without Origin', { 'sec-fetch-site': 'same-site' }],
  ])('refuses every state-changing route from %s', async (_label, headers) => {
    const wrong: string[] = [];
    for (const route of stateChanging(t.app.registeredRoutes)) {
      const response = await send(client, route, headers);
      const code = response.headers['content-type']?.toString().includes('json')
        ? response.json().code
        : undefined;
      if (response.statusCode !== 403 || code !== 'CROSS_SITE_REQUEST') {
        wrong.push(`${route.method} ${route.url} → ${response.statusCode} ${code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('says why in Chinese, and changes nothing', async () => {
    const response = await client.request({
      method: 'POST',
      url: '/api/operator/api-clients',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      payload: JSON.stringify({ name: '跨站创建' }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CROSS_SITE_REQUEST' });
    expect(response.json().detail).toMatch(/跨站/);
    const rows = await t.app.services.database.raw.query(
      `SELECT 1 FROM api_clients WHERE name = '跨站创建'`,
    );
    expect(rows).toEqual([]);
  });

  it('lets the platform own origin, same-origin fetches and non-browser clients through', async () => {
    const route = { method: 'POST', url: '/api/session/sign-out', access: 'public' as const };
    const allowed: Record<string, string>[] = [
      { origin: 'https://yunquan.example.gov.cn' },
      { 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of allowed) {
      const response = await send(client, route, headers);
      expect(response.statusCode, JSON.stringify(headers)).not.toBe(403);
    }
  });

  it('leaves reads alone', async () => {
    const response = await client.request({
      method: 'GET',
      url: '/api/me',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.statusCode).not.toBe(403);
  });
});

describe('without PUBLIC_URL: the request’s own Host is the platform’s origin', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    ({ client } = await signedInAs(t.app, 'operator_admin'));
  });
  afterAll(() => t.close());

  it('accepts an Origin naming the Host (the Vite dev server keeps the Host) and refuses another', async () => {
    const create = (origin: string) =>
      client.request({
        method: 'POST',
        url: '/api/operator/api-clients',
        headers: { host: 'localhost:5173', origin },
        payload: { name: `来源 ${origin}` },
      });
    expect((await create('http://localhost:5173')).statusCode).toBe(201);
    const refused = await create('http://localhost:5174');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('CROSS_SITE_REQUEST');
  });
});
