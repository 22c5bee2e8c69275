/**
 * The service contract a claim carries: stored when its content is a PDF, JPEG or PNG (whatever
 * it is called) within the policy's size limit, for certified enterprises only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { type ClaimWorld, claimTestApp, codeOf, multipartFile, pdf } from './support.js';

let t: TestApp;
let world: ClaimWorld;

beforeAll(async () => {
  ({ t, world } = await claimTestApp());
});
afterAll(() => t.close());

describe('contract upload', () => {
  it('stores a PDF judged by content and gives its meta and link', async () => {
    const enterprise = await world.enterprise();
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '../../合同.pdf', bytes: pdf('upload'), contentType: 'image/png' }),
    });
    expect(response.statusCode).toBe(201);
    const meta = response.json();
    expect(meta).toMatchObject({ mediaType: 'application/pdf', originalName: '合同.pdf' });
    expect(meta.url).toBe(`/api/files/${meta.id}`);
    expect((await enterprise.client.get(meta.url)).statusCode).toBe(200);
  });

  it('refuses a file that is not a PDF, JPEG or PNG whatever it is called', async () => {
    const enterprise = await world.enterprise();
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: Buffer.from('MZ\x90\x00 not a contract') }),
    });
    expect(response.statusCode).toBe(415);
    expect(codeOf(response)).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('refuses a file over the policy limit', async () => {
    const enterprise = await world.enterprise();
    const big = Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024)]);
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: big }),
    });
    expect(response.statusCode).toBe(413);
    expect(codeOf(response)).toBe('FILE_TOO_LARGE');
  });

  it('is for certified enterprises only', async () => {
    const enterprise = await world.enterprise({ certified: false });
    const response = await enterprise.client.request({
      method: 'POST',
      url: '/api/claims/contracts',
      ...multipartFile({ name: '合同.pdf', bytes: pdf() }),
    });
    expect(response.statusCode).toBe(409);
    expect(codeOf(response)).toBe('NOT_CERTIFIED');
  });
});
