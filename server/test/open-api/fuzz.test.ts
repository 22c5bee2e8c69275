/**
 * Bad input on the open API: fuzzed bodies, headers, paths and query strings, signed (so
 * they reach validation and the rules) and unsigned. Every answer is a 4xx problem document,
 * never a 500, and nothing moves in the ledger unless the request was a valid deduction.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let client: YunquanClient;
let creditCode: string;

beforeAll(async () => {
  // Hundreds of unsigned probes come from one address here; its failed-attempt allowance is
  // raised so that the signed calls after them are still served (rate-limit.test.ts covers it).
  t = await createTestApp({ env: { OPEN_API_FAILED_AUTH_PER_MINUTE: '100000' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address() as { port: number };
  world = await buildVoucherWorld(t.app);
  creditCode = (await world.enterpriseWithVoucher(5)).creditCode;
  client = new YunquanClient({
    baseUrl: `http://127.0.0.1:${address.port}`,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
});
afterAll(() => t.close());

async function transferCount(): Promise<number> {
  const [row] = await t.app.services.database.raw.query<{ n: string }>(
    'SELECT count(*) AS n FROM ledger_transfers',
  );
  return Number(row?.n);
}

/** Values a careless or hostile client might put anywhere in a body. */
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, '', ' ', '0', '-1', 1e308, -0, 2 ** 53 + 2, '1e3', '￥100'),
  fc.constantFrom('compute', 'storage', 'network', 'security'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

const billLike = fc.record(
  {
    orderNo: anyValue,
    creditCode: fc.oneof(anyValue, fc.constant('91350100M000100Y43')),
    category: anyValue,
    amount: anyValue,
    description: anyValue,
    extra: anyValue,
  },
  { requiredKeys: [] },
);

function expectClientError(status: number, body: unknown, context: unknown) {
  expect(status, JSON.stringify(context)).toBeLessThan(500);
  if (status >= 400) {
    expect((body as { code?: unknown }).code, JSON.stringify(context)).toEqual(expect.any(String));
  }
}

describe('fuzzed open-API requests', () => {
  it('bodies of any shape on every POST: 4xx, and no money moves unless it was a valid bill', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/deductions', '/deductions/batch', '/deductions/x/reversals'),
        fc.oneof(billLike, fc.record({ items: fc.array(billLike, { maxLength: 3 }) }), anyValue),
        fc.string({ maxLength: 140 }),
        async (path, body, key) => {
          const before = await transferCount();
          const response = await client.raw('POST', path, {
            body,
            idempotencyKey: key || undefined,
          });
          expectClientError(response.status, response.body, { path, body, key });
          if (response.status >= 400) expect(await transferCount()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('raw bytes that are not JSON, and wrong content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/xml',
          'multipart/form-data',
          '',
        ),
        async (bytes, type) => {
          const before = await transferCount();
          const response = await client.raw('POST', '/deductions', {
            body: undefined,
            idempotencyKey: 'raw',
            headers: type ? { 'content-type': type } : {},
          });
          expectClientError(response.status, response.body, { type });
          const direct = await fetch(`${client.baseUrl}/api/open/v1/deductions`, {
            method: 'POST',
            headers: { 'content-type': type || 'application/json', 'idempotency-key': 'raw' },
            body: bytes,
          });
          expect(direct.status).toBeLessThan(500);
          expect(await transferCount()).toBe(before);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('headers and query strings of any shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          'x-key-id': fc.string({ maxLength: 200 }),
          'x-timestamp': fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String)),
          'x-signature': fc.string({ maxLength: 100 }),
        }),
        fc.string({ maxLength: 60 }),
        async (headers, query) => {
          const safe = Object.fromEntries(
            Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x21-\x7e]/g, 'x')]),
          );
          const response = await fetch(
            `${client.baseUrl}/api/open/v1/deductions?${encodeURIComponent(query)}=${encodeURIComponent(query)}`,
            { headers: safe },
          );
          expect(response.status).toBeLessThan(500);
          const signed = await client.raw(
            'GET',
            `/deductions?${new URLSearchParams({ [query]: query, from: query })}`,
          );
          expectClientError(signed.status, signed.body, { query });
          const path = await client.raw(
            'GET',
            `/enterprises/${encodeURIComponent(query)}/vouchers`,
          );
          expectClientError(path.status, path.body, { query });
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);

  it('a valid bill still goes through after all of that', async () => {
    const result = await client.deduct({
      orderNo: 'AFTER-FUZZ',
      creditCode,
      category: 'compute',
      amount: 100,
    });
    expect(result.deducted).toBe(100);
  });
});
