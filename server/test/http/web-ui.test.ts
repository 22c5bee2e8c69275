/**
 * The built UI is served beside the APIs: client-side routes get index.html (the SPA fallback),
 * while API paths and missing fingerprinted assets get a problem 404 — a page opened before an
 * upgrade that asks for an old chunk must not be handed HTML as a script.
 * `npm test` builds web/dist before Vitest runs (scripts/ensure-web-build.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
const built = fs.existsSync(path.join(WEB_DIST, 'index.html'));

describe.skipIf(!built)('serving the built UI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers / and client-side routes with index.html, never cached', async () => {
    for (const url of [
      '/',
      '/enterprise/vouchers',
      '/data-bureau/claim-reviews?status=submitted',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves an existing fingerprinted asset as immutable', async () => {
    const asset = fs
      .readdirSync(path.join(WEB_DIST, 'assets'))
      .find((name) => name.endsWith('.js'));
    const response = await t.app.inject({ method: 'GET', url: `/assets/${asset}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toMatch(/immutable/);
  });

  it('sends the precompressed brotli or gzip file to browsers that accept it, the plain file otherwise', async () => {
    const asset = fs
      .readdirSync(path.join(WEB_DIST, 'assets'))
      .find(
        (name) =>
          name.endsWith('.js') && fs.existsSync(path.join(WEB_DIST, 'assets', `${name}.br`)),
      );
    expect(asset, 'the build writes .br beside its scripts').toBeDefined();
    const plain = fs.readFileSync(path.join(WEB_DIST, 'assets', asset as string));
    const url = `/assets/${asset}`;

    const br = await t.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.length / 2);
    expect(zlib.brotliDecompressSync(br.rawPayload).equals(plain)).toBe(true);

    const gz = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).equals(plain)).toBe(true);

    const identity = await t.app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'identity' },
    });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.rawPayload.equals(plain)).toBe(true);
  });

  it('answers a missing asset and an unknown API path with a problem 404, not the page', async () => {
    for (const url of ['/assets/ClaimPage-0ld0ld.js', '/api/no-such-thing']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('does not leave the build directory', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/..%2f..%2fpackage.json' });
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).not.toContain('"dependencies"');
  });
});
