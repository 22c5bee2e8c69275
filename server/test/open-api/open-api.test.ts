/**
 * The open API over real HTTP, driven by the published Node client (clients/node), against
 * open-api.md: every call, every refusal with its status and code.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YunquanClient } from '../../../clients/node/yunquan-client.mjs';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { creditCodeFor } from '../helpers/fixtures.js';
import { buildVoucherWorld, type VoucherWorld } from '../helpers/voucher-world.js';

let t: TestApp;
let world: VoucherWorld;
let client: YunquanClient;
let baseUrl: string;
const UNKNOWN_CODE = creditCodeFor(999_999_999);
let order = 0;
const nextOrder = () => `T-${++order}`;

beforeAll(async () => {
  t = await createTestApp({ env: { OPEN_API_RATE_LIMIT_PER_MINUTE: '100000' } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  world = await buildVoucherWorld(t.app);
  client = new YunquanClient({
    baseUrl,
    keyId: world.keyId,
    secret: world.secret,
    now: () => t.clock.now().getTime(),
  });
});
afterAll(() => t.close());

const bill = (creditCode: string, amount: number, extra: Record<string, unknown> = {}) => ({
  orderNo: nextOrder(),
  creditCode,
  category: 'compute',
  amount,
  ...extra,
});

describe('GET /enterprises/{creditCode}/vouchers', () => {
  it('lists vouchers with tranches and what is available now', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    const { vouchers } = await client.vouchers(creditCode);
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({ star: 5, amount: 5_000_000, policyVersion: '2024.1' });
    expect(
      vouchers[0].tranches.map((tr: { amount: number; available: number; status: string }) => [
        tr.amount,
        tr.available,
        tr.status,
      ]),
    ).toEqual([
      [3_500_000, 3_500_000, 'active'],
      [1_500_000, 0, 'pending'],
    ]);
  });

  it('404 ENTERPRISE_NOT_FOUND for an unknown credit code, 400 for a malformed one', async () => {
    const unknown = await client.raw('GET', `/enterprises/${UNKNOWN_CODE}/vouchers`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ENTERPRISE_NOT_FOUND');
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await client.raw('GET', '/enterprises/not-a-code/vouchers');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });

  it('an enterprise without vouchers gets an empty list', async () => {
    const { creditCode } = await world.enterpriseWithoutVoucher();
    expect(await client.vouchers(creditCode)).toEqual({ vouchers: [] });
  });
});

describe('POST /deductions', () => {
  it('deducts and answers 201 with the split and the allocations', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const response = await client.raw('POST', '/deductions', {
      body: bill(creditCode, 1_000_000),
      idempotencyKey: 'k-happy',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      requested: 1_000_000,
      deducted: 700_000,
      payable: 300_000,
      availableAfter: 0,
    });
    expect(response.body.allocations).toHaveLength(1);
    expect(response.body.createdAt).toBe(t.clock.now().toISOString());
  });

  it('replays the first response for the same key and body, and records nothing new', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const body = bill(creditCode, 10_000);
    const first = await client.raw('POST', '/deductions', { body, idempotencyKey: 'k-replay' });
    const again = await client.raw('POST', '/deductions', { body, idempotencyKey: 'k-replay' });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-hit')).toBe('true');
    expect(first.headers.get('idempotency-hit')).toBeNull();
    const { vouchers } = await client.vouchers(creditCode);
    expect(vouchers[0].tranches[0].used).toBe(10_000);
  });

  it('409 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    await client.raw('POST', '/deductions', {
      body: bill(creditCode, 1),
      idempotencyKey: 'k-reuse',
    });
    const reused = await client.raw('POST', '/deductions', {
      body: bill(creditCode, 2),
      idempotencyKey: 'k-reuse',
    });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('409 DUPLICATE_ORDER for the same order number under another key', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const body = bill(creditCode, 5);
    await client.raw('POST', '/deductions', { body, idempotencyKey: 'k-order-1' });
    const duplicate = await client.raw('POST', '/deductions', {
      body,
      idempotencyKey: 'k-order-2',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('DUPLICATE_ORDER');
  });

  it('422 CATEGORY_NOT_ELIGIBLE and NO_AVAILABLE_BALANCE, recording nothing', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const category = await client.raw('POST', '/deductions', {
      body: bill(creditCode, 100, { category: 'software-licence' }),
      idempotencyKey: 'k-cat',
    });
    expect(category.status).toBe(422);
    expect(category.body.code).toBe('CATEGORY_NOT_ELIGIBLE');
    const empty = await world.enterpriseWithoutVoucher();
    const none = await client.raw('POST', '/deductions', {
      body: bill(empty.creditCode, 100),
      idempotencyKey: 'k-none',
    });
    expect(none.status).toBe(422);
    expect(none.body.code).toBe('NO_AVAILABLE_BALANCE');
    // A refusal is not stored: the same key can be used again once the bill is right.
    const retry = await client.raw('POST', '/deductions', {
      body: bill(creditCode, 100),
      idempotencyKey: 'k-cat',
    });
    expect(retry.status).toBe(201);
  });

  it('404 ENTERPRISE_NOT_FOUND for a bill of an unknown enterprise', async () => {
    const response = await client.raw('POST', '/deductions', {
      body: bill(UNKNOWN_CODE, 100),
      idempotencyKey: 'k-unknown',
    });
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('ENTERPRISE_NOT_FOUND');
  });

  it('400 VALIDATION_FAILED naming the field, and for a missing Idempotency-Key', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const cases: Array<[unknown, string]> = [
      [{ ...bill(creditCode, 1), amount: 1.5 }, 'amount'],
      [{ ...bill(creditCode, 1), amount: -5 }, 'amount'],
      [{ ...bill(creditCode, 1), amount: '100' }, 'amount'],
      [{ ...bill(creditCode, 1), creditCode: '91350100M000100Y4Z' }, 'creditCode'],
      [{ ...bill(creditCode, 1), orderNo: '' }, 'orderNo'],
      [{ ...bill(creditCode, 1), surprise: true }, ''],
    ];
    for (const [body, field] of cases) {
      const response = await client.raw('POST', '/deductions', {
        body,
        idempotencyKey: `k-bad-${field}-${Math.random()}`,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(response.body.errors ?? response.body.detail)).toContain(field);
    }
    const noKey = await client.raw('POST', '/deductions', { body: bill(creditCode, 1) });
    expect(noKey.status).toBe(400);
    expect(noKey.body.detail).toContain('Idempotency-Key');
  });
});

describe('authentication', () => {
  const signedGet = (headers: Record<string, string>) =>
    fetch(`${baseUrl}/api/open/v1/deductions`, { headers });

  it('401 for missing headers, a stale timestamp, an unknown key and a wrong signature', async () => {
    expect((await signedGet({})).status).toBe(401);
    const stale = new YunquanClient({
      baseUrl,
      keyId: world.keyId,
      secret: world.secret,
      now: () => t.clock.now().getTime() - 301_000,
    });
    const staleResponse = await stale.raw('GET', '/deductions');
    expect(staleResponse.status).toBe(401);
    expect(staleResponse.body.code).toBe('UNAUTHENTICATED');
    const unknown = new YunquanClient({
      baseUrl,
      keyId: 'yq_nobody',
      secret: 'x',
      now: () => t.clock.now().getTime(),
    });
    expect((await unknown.raw('GET', '/deductions')).status).toBe(401);
    const wrong = new YunquanClient({
      baseUrl,
      keyId: world.keyId,
      secret: 'wrong',
      now: () => t.clock.now().getTime(),
    });
    expect((await wrong.raw('GET', '/deductions')).status).toBe(401);
  });

  it('a signature over another body does not authorise this one', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const timestamp = String(t.clock.now().getTime());
    const { sign } = await import('../../../clients/node/yunquan-client.mjs');
    const signedFor = JSON.stringify(bill(creditCode, 1));
    const sent = JSON.stringify(bill(creditCode, 999_999));
    const response = await fetch(`${baseUrl}/api/open/v1/deductions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': 'k-tamper',
        'x-key-id': world.keyId,
        'x-timestamp': timestamp,
        'x-signature': sign(
          world.secret,
          'POST',
          '/api/open/v1/deductions',
          timestamp,
          'k-tamper',
          signedFor,
        ),
      },
      body: sent,
    });
    expect(response.status).toBe(401);
  });

  it('records failed attempts in the audit trail', async () => {
    await signedGet({ 'x-key-id': 'yq_probe', 'x-timestamp': '1', 'x-signature': 'x' });
    await t.app.services.audit.drain();
    const rows = await t.app.services.database.raw.query<{ outcome: string }>(
      `SELECT outcome FROM audit_log WHERE action = 'open-api.authenticate' AND actor_name = 'yq_probe'`,
    );
    expect(rows).toEqual([{ outcome: 'denied' }]);
  });

  it('a disabled key is refused at once; a rotated secret replaces the old one', async () => {
    const { client: extra, secret } = await t.app.services.apiClients.create({
      operatorId: world.operatorId,
      name: 'rotating',
      createdBy: null,
    });
    const now = () => t.clock.now().getTime();
    const before = new YunquanClient({ baseUrl, keyId: extra.keyId, secret, now });
    expect((await before.raw('GET', '/deductions')).status).toBe(200);
    const rotated = await t.app.services.apiClients.rotate(world.operatorId, extra.id);
    expect((await before.raw('GET', '/deductions')).status).toBe(401);
    const after = new YunquanClient({ baseUrl, keyId: extra.keyId, secret: rotated.secret, now });
    expect((await after.raw('GET', '/deductions')).status).toBe(200);
    await t.app.services.apiClients.setStatus(world.operatorId, extra.id, 'disabled');
    expect((await after.raw('GET', '/deductions')).status).toBe(401);
  });
});

describe('POST /deductions/batch', () => {
  it('decides up to 1,000 bills independently, in order', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const items = [
      bill(creditCode, 600_000),
      bill(creditCode, 600_000),
      bill(creditCode, 5, { category: 'x' }),
    ];
    const { results } = await client.deductBatch(items);
    expect(
      results.map((r: { ok: boolean; result?: { deducted: number }; error?: { code: string } }) =>
        r.ok ? r.result?.deducted : r.error?.code,
      ),
    ).toEqual([600_000, 100_000, 'CATEGORY_NOT_ELIGIBLE']);
    expect(results.map((r: { orderNo: string }) => r.orderNo)).toEqual(items.map((i) => i.orderNo));
  });

  it('reports a duplicate order inside the batch and against earlier deductions', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const earlier = bill(creditCode, 1);
    await client.deduct(earlier);
    const twice = bill(creditCode, 1);
    const { results } = await client.deductBatch([earlier, twice, twice]);
    expect(
      results.map((r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code)),
    ).toEqual(['DUPLICATE_ORDER', 'ok', 'DUPLICATE_ORDER']);
  });

  it('400 for an empty batch or more than 1,000 bills', async () => {
    const empty = await client.raw('POST', '/deductions/batch', {
      body: { items: [] },
      idempotencyKey: 'b-empty',
    });
    expect(empty.status).toBe(400);
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const items = Array.from({ length: 1001 }, () => bill(creditCode, 1));
    const tooMany = await client.raw('POST', '/deductions/batch', {
      body: { items },
      idempotencyKey: 'b-many',
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('VALIDATION_FAILED');
  });
});

describe('POST /deductions/{id}/reversals', () => {
  it('restores to the tranche, refuses more than was deducted, 404 for an unknown id', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(3);
    const deduction = await client.deduct(bill(creditCode, 50_000));
    const reversal = await client.raw('POST', `/deductions/${deduction.deductionId}/reversals`, {
      body: { amount: 20_000, reason: '订单退款' },
      idempotencyKey: 'r-1',
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({ restored: 20_000, voided: 0 });
    const tooMuch = await client.raw('POST', `/deductions/${deduction.deductionId}/reversals`, {
      body: { amount: 30_001, reason: '超额' },
      idempotencyKey: 'r-2',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REVERSAL_EXCEEDS_DEDUCTION');
    const unknown = await client.raw(
      'POST',
      '/deductions/00000000-0000-0000-0000-000000000000/reversals',
      {
        body: { amount: 1, reason: 'x' },
        idempotencyKey: 'r-3',
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEDUCTION_NOT_FOUND');
    const { vouchers } = await client.vouchers(creditCode);
    expect(vouchers[0].tranches[0].available).toBe(700_000 - 30_000);
  });
});

describe('GET /deductions', () => {
  it('pages through deductions and reversals without skipping or repeating', async () => {
    const { creditCode } = await world.enterpriseWithVoucher(5);
    t.clock.advance(3_600_000);
    const start = t.clock.now().toISOString();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      t.clock.advance(1000);
      made.push((await client.deduct(bill(creditCode, 100))).deductionId);
    }
    t.clock.advance(1000);
    await client.reverse(made[0] as string, 50, '部分退款');
    const seen: Array<{ type: string; id: string }> = [];
    for await (const item of client.listAll({ from: start, limit: 3 })) seen.push(item);
    expect(seen.filter((s) => s.type === 'deduction').map((s) => s.id)).toEqual(made);
    expect(seen.filter((s) => s.type === 'reversal')).toHaveLength(1);
    const badCursor = await client.raw('GET', '/deductions?cursor=garbage');
    expect(badCursor.status).toBe(400);
  });
});

describe('published contract', () => {
  it('serves OpenAPI 3.1 with every open route, and a readable page', async () => {
    const spec = (await (await fetch(`${baseUrl}/api/open/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths).sort()).toEqual([
      '/api/open/v1/deductions',
      '/api/open/v1/deductions/batch',
      '/api/open/v1/deductions/{deductionId}/reversals',
      '/api/open/v1/enterprises/{creditCode}/vouchers',
      '/api/open/v1/settlements/{year}',
      '/api/open/v1/statements/{month}',
    ]);
    const page = await fetch(`${baseUrl}/api/open/v1/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/open/v1/deductions/batch');
  });
});
