/** open-api.md: beyond the per-key rate, 429 RATE_LIMITED with Retry-After; other keys unaffected. */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, YunquanClient } from '../../../clients/node/yunquan-client.mjs';
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

describe('only authenticated calls count against a key (issue 10 §1.2)', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await createTestApp({
      env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '3', OPEN_API_FAILED_AUTH_PER_MINUTE: '5' },
    });
  });
  afterAll(() => limited.close());

  /** A GET signed with `secret` (right or wrong), sent from `ip`. */
  function signedGet(keyId: string, secret: string, ip: string) {
    const url = '/api/open/v1/deductions';
    const timestamp = String(limited.clock.now().getTime());
    return limited.app.inject({
      method: 'GET',
      url,
      remoteAddress: ip,
      headers: {
        'x-key-id': keyId,
        'x-timestamp': timestamp,
        'x-signature': sign(secret, 'GET', url, timestamp, '', ''),
      },
    });
  }

  it('forged calls under a known key id do not throttle its client', async () => {
    const world = await buildVoucherWorld(limited.app);
    // Another address, each attempt with the key id (it is in the audit trail) and a wrong secret.
    for (let i = 0; i < 4; i++) {
      expect((await signedGet(world.keyId, 'guessed', `10.66.0.${i + 1}`)).statusCode).toBe(401);
    }
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await signedGet(world.keyId, world.secret, '10.1.1.1')).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('failed attempts are limited per source address with 429 and Retry-After', async () => {
    const world = await buildVoucherWorld(limited.app, 2026);
    const attacker = '10.99.0.7';
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await signedGet(world.keyId, 'guessed', attacker)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await signedGet('yq_other', 'x', attacker);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The key itself is untouched: its client, from its own address, is served.
    expect((await signedGet(world.keyId, world.secret, '10.2.2.2')).statusCode).toBe(200);
    // Past the window the address may try again.
    limited.clock.advance(61_000);
    expect((await signedGet(world.keyId, 'guessed', attacker)).statusCode).toBe(401);
  });
});
