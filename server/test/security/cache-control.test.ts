/**
 * Cache-Control: no-store on authenticated API responses, by session or by signature (issue 10
 * §1.9): no shared proxy or browser cache keeps a person's data, an export or an API answer.
 * Public, deliberately cacheable things (the authorisation-letter template) keep their own.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { signedInAs, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

it('session-authenticated JSON, errors and exports are no-store', async () => {
  const { client } = await signedInAs(t.app, 'enterprise_agent');
  for (const url of ['/api/me', '/api/enterprise/usage.xlsx', '/api/admin/users']) {
    const response = await client.get(url);
    expect(response.headers['cache-control'], `${url} ${response.statusCode}`).toBe('no-store');
  }
  const signIn = await new TestClient(t.app).post('/api/session/sign-in', {
    username: 'nobody',
    password: 'Wrong-pass-1',
  });
  expect(signIn.headers['cache-control']).toBe('no-store');
});

it('signed open-API answers are no-store', async () => {
  const world = await buildVoucherWorld(t.app);
  const api = new YunquanClient({
    baseUrl: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
  const response = await api.raw('GET', '/deductions');
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
});

it('a public template keeps its own caching', async () => {
  const response = await t.app.inject({
    method: 'GET',
    url: '/api/certification/authorisation-letter-template.pdf',
  });
  expect(response.headers['cache-control']).toBe('public, max-age=86400');
});
