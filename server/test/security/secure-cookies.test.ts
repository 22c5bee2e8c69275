/**
 * HTTPS_ONLY=true marks every cookie Secure, whatever PUBLIC_URL says (issue 10 §1.7: behind a
 * TLS-terminating proxy PUBLIC_URL may still read http://…, and HSTS alone does not stop a
 * browser sending the session cookie over a plain-HTTP request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, TestClient } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

function setCookies(response: { headers: Record<string, unknown> }): string[] {
  const header = response.headers['set-cookie'];
  return header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
}

describe('HTTPS_ONLY=true with an http PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { HTTPS_ONLY: 'true', PUBLIC_URL: 'http://yunquan.internal' } });
  });
  afterAll(() => t.close());

  it('the session cookie is Secure, and the session still works', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    const client = new TestClient(t.app);
    const response = await client.signIn(user.username, user.password);
    expect(response.statusCode).toBe(200);
    const cookies = setCookies(response);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookies.some((c) => c.includes('session_token'))).toBe(true);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    const signOut = await client.post('/api/session/sign-out');
    for (const cookie of setCookies(signOut)) expect(cookie).toMatch(/;\s*Secure/i);
  });
});

describe('plain-HTTP intranet (HTTPS_ONLY off, http PUBLIC_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'http://yunquan.internal' } });
  });
  afterAll(() => t.close());

  it('cookies are not Secure, or the browser would never send them back', async () => {
    const user = await createTestUser(t.app, 'operator_staff');
    const response = await new TestClient(t.app).signIn(user.username, user.password);
    for (const cookie of setCookies(response)) expect(cookie).not.toMatch(/;\s*Secure/i);
  });
});
