/**
 * The open API hashes a signed body once (D-http-speed-2): `signedRequestKey` builds the
 * idempotency request hash from the hash the signature check computed, instead of hashing the
 * body again in `requestKeyOf`. Stored keys are compared by that hash (a replay of the same
 * body is answered from the store, another body under the key is 409), so the two must agree
 * exactly, for every body, method and URL — keys stored before the change included.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestKeyOf } from '../../src/modules/ledger/idempotency.js';
import { signedRequestKey } from '../../src/modules/open-api/open-api.auth.js';

function request(method: string, url: string, body: Buffer, key = 'k-1'): FastifyRequest {
  return {
    method,
    url,
    headers: { 'idempotency-key': key },
    rawBody: body,
    // As the signature check leaves it.
    rawBodySha256: createHash('sha256').update(body).digest('hex'),
    body: body.length ? JSON.parse(body.toString('utf8')) : undefined,
  } as unknown as FastifyRequest;
}

describe('signedRequestKey', () => {
  const bodies = [
    '',
    '{}',
    '{"orderNo":"A-1","creditCode":"91320621MA1XXXXX0X","category":"compute","amount":200}',
    '{"items":[{"orderNo":"云券-1","amount":1}]}',
    JSON.stringify({ reason: '订单退款 \u2028 line', amount: 10_000 }),
    `{"padding":"${'x'.repeat(100_000)}"}`,
  ];
  const targets = [
    ['POST', '/api/open/v1/deductions'],
    ['POST', '/api/open/v1/deductions/batch'],
    ['POST', '/api/open/v1/deductions/d-1/reversals?x=1'],
  ] as const;

  it('gives exactly requestKeyOf’s key and hash', () => {
    for (const text of bodies) {
      for (const [method, url] of targets) {
        const r = request(method, url, Buffer.from(text, 'utf8'), `key-${text.length}`);
        expect(signedRequestKey(r), `${method} ${url} ${text.slice(0, 40)}`).toEqual(
          requestKeyOf(r),
        );
      }
    }
  });

  it('tells bodies, URLs and methods apart, as requestKeyOf does', () => {
    const one = signedRequestKey(request('POST', '/a', Buffer.from('{"a":1}')));
    expect(signedRequestKey(request('POST', '/a', Buffer.from('{"a":2}'))).requestHash).not.toBe(
      one.requestHash,
    );
    expect(signedRequestKey(request('POST', '/b', Buffer.from('{"a":1}'))).requestHash).not.toBe(
      one.requestHash,
    );
    expect(signedRequestKey(request('PUT', '/a', Buffer.from('{"a":1}'))).requestHash).not.toBe(
      one.requestHash,
    );
  });

  it('falls back to requestKeyOf where no signature check hashed the body', () => {
    const r = { ...request('POST', '/a', Buffer.from('{"a":1}')), rawBodySha256: null };
    expect(signedRequestKey(r as unknown as FastifyRequest)).toEqual(
      requestKeyOf(r as unknown as FastifyRequest),
    );
  });

  it('refuses a missing or malformed Idempotency-Key as requestKeyOf does', () => {
    const r = request('POST', '/a', Buffer.from('{}'), 'bad key');
    expect(() => requestKeyOf(r)).toThrow(/Idempotency-Key/);
    expect(() => signedRequestKey(r)).toThrow(/Idempotency-Key/);
  });
});
