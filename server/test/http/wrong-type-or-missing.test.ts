/**
 * A field sent with the wrong type is told so (须为文字, 须为数字), not called missing (必填):
 * fastify-type-provider-zod's issues do not carry the value, so the error handler reads it from
 * the request (problem.ts, sentAt). Tried on the sign-in form and on a querystring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function errorsOf(payload: unknown) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/session/sign-in',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });
  expect(response.statusCode).toBe(400);
  return (response.json() as { errors: Array<{ field: string; message: string }> }).errors;
}

describe('a field of the wrong type and a missing field', () => {
  it('says 须为文字 for a number where text belongs, 必填 for a field not sent', async () => {
    expect(await errorsOf({ username: 'someone', password: 12345678 })).toEqual([
      expect.objectContaining({ field: 'body.password', message: '须为文字' }),
    ]);
    expect(await errorsOf({ username: 'someone' })).toEqual([
      expect.objectContaining({ field: 'body.password', message: '必填' }),
    ]);
    expect(await errorsOf({ username: 'someone', password: null })).toEqual([
      expect.objectContaining({ field: 'body.password', message: '须为文字' }),
    ]);
  });
});
