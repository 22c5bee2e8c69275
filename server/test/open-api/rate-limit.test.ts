/** open-api.md: beyond the per-key rate, 429 RATE_LIMITED with Retry-After; other keys unaffected. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '3' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

it('answers 429 RATE_LIMITED with Retry-After once a key exceeds its rate', async () => {
  const world = await buildVoucherWorld(t.app);
  const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const now = () => t.clock.now().getTime();
  const client = new YunquanClient({ baseUrl, keyId: world.keyId, secret: world.secret, now });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await client.raw('GET', '/deductions')).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
  const limited = await client.raw('GET', '/deductions');
  expect(limited.body.code).toBe('RATE_LIMITED');
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  const { client: other, secret } = await t.app.services.apiClients.create({
    operatorId: world.operatorId,
    name: 'second',
    createdBy: null,
  });
  const second = new YunquanClient({ baseUrl, keyId: other.keyId, secret, now });
  expect((await second.raw('GET', '/deductions')).status).toBe(200);
});
