/**
 * open-api.md "Authentication": the signature covers the Idempotency-Key, so a captured signed
 * request cannot be replayed under a fresh key (issue 10 §1.1: three reversals from one
 * signature). The canonical string is computed here from the contract's text, independently of
 * the server and of the published client.
 */
import { createHash, createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  world = await buildVoucherWorld(t.app);
});
afterAll(() => t.close());

/** The contract's canonical string, signed: METHOD, PATH_WITH_QUERY, X-Timestamp, key, body hash. */
function contractSignature(
  secret: string,
  method: string,
  path: string,
  timestamp: string,
  idempotencyKey: string,
  body: string,
): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', secret)
    .update(`${method}\n${path}\n${timestamp}\n${idempotencyKey}\n${bodyHash}`)
    .digest('hex');
}

it('a captured reversal replayed under a fresh Idempotency-Key is 401, and reverses nothing', async () => {
  const { creditCode } = await world.enterpriseWithVoucher(3);
  const now = () => t.clock.now().getTime();
  const client = new YunquanClient({ baseUrl, keyId: world.keyId, secret: world.secret, now });
  const deduction = await client.deduct({
    orderNo: 'REPLAY-1',
    creditCode,
    category: 'compute',
    amount: 30_000,
  });
  const path = `/api/open/v1/deductions/${deduction.deductionId}/reversals`;
  const body = JSON.stringify({ amount: 10_000, reason: '订单退款' });
  const timestamp = String(now());
  const captured = {
    'content-type': 'application/json',
    'x-key-id': world.keyId,
    'x-timestamp': timestamp,
    'x-signature': contractSignature(world.secret, 'POST', path, timestamp, 'rev-1', body),
  };
  const send = (idempotencyKey: string) =>
    fetch(baseUrl + path, {
      method: 'POST',
      headers: { ...captured, 'idempotency-key': idempotencyKey },
      body,
    });

  const first = await send('rev-1');
  expect(first.status).toBe(201);
  // The same request again is answered from the idempotency store, nothing new recorded.
  const again = await send('rev-1');
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotency-hit')).toBe('true');
  for (const fresh of ['rev-2', 'rev-3']) {
    const replay = await send(fresh);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
  }
  const { vouchers } = await client.vouchers(creditCode);
  expect(vouchers[0].tranches[0].available).toBe(700_000 - 30_000 + 10_000);
});

it('a GET (no Idempotency-Key) signs an empty key line; the published client agrees', async () => {
  const path = '/api/open/v1/deductions?limit=5';
  const timestamp = String(t.clock.now().getTime());
  const response = await fetch(baseUrl + path, {
    headers: {
      'x-key-id': world.keyId,
      'x-timestamp': timestamp,
      'x-signature': contractSignature(world.secret, 'GET', path, timestamp, '', ''),
    },
  });
  expect(response.status).toBe(200);
  const { sign } = await import('../../../clients/node/yunquan-client.mjs');
  expect(sign(world.secret, 'GET', path, timestamp, '', '')).toBe(
    contractSignature(world.secret, 'GET', path, timestamp, '', ''),
  );
});
