/**
 * Certification uploads: the three allowed types judged by content, and each kind of bad file
 * refused with its own code, a message in Chinese, and nothing stored.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  type Agent,
  registerAgent,
  SAMPLE_JPEG,
  SAMPLE_PDF,
  SAMPLE_PNG,
  upload,
} from './support.js';

let t: TestApp;
let agent: Agent;

beforeAll(async () => {
  t = await createTestApp();
  agent = await registerAgent(t.app);
});
afterAll(async () => {
  await t.close();
});

async function fileCount(): Promise<number> {
  const [row] = await t.db.database.raw.query<{ n: string | number }>(
    'SELECT count(*) AS n FROM files',
  );
  return Number(row?.n);
}

/** A zip whose one entry inflates to 50 MB of zeros (a small zip bomb). */
function zipBomb(): Buffer {
  const data = deflateRawSync(Buffer.alloc(50 * 1024 * 1024));
  const name = Buffer.from('licence.pdf');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8); // deflate
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(50 * 1024 * 1024, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, data]);
}

describe('accepted documents', () => {
  it.each([
    ['licence.pdf', 'application/pdf', 'business_licence', SAMPLE_PDF],
    ['scan.jpg', 'image/jpeg', 'authorisation_letter', SAMPLE_JPEG],
    ['photo.png', 'image/png', 'business_licence', SAMPLE_PNG],
  ] as const)('%s is stored as %s with its SHA-256', async (name, mediaType, purpose, bytes) => {
    const response = await upload(agent.client, purpose, {
      name,
      bytes,
      contentType: 'application/octet-stream',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      mediaType,
      originalName: name,
      purpose,
      url: `/api/files/${body.id}`,
    });

    // The owner sees it inline, sandboxed, as the sniffed type.
    const served = await agent.client.get(body.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe(mediaType);
    expect(served.headers['content-disposition']).toMatch(/^inline;/);
    expect(served.headers['content-security-policy']).toContain('sandbox');
    expect(served.rawPayload.equals(bytes)).toBe(true);
  });

  it('keeps only the file name of a path in the original name', async () => {
    const response = await upload(agent.client, 'business_licence', {
      name: '../../etc/passwd.pdf',
      bytes: SAMPLE_PDF,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().originalName).toBe('passwd.pdf');
    const windows = await upload(agent.client, 'business_licence', {
      name: '..\\..\\Windows\\system.ini.pdf',
      bytes: SAMPLE_PDF,
    });
    expect(windows.json().originalName).toBe('system.ini.pdf');
  });
});

describe('refused documents (nothing stored)', () => {
  const cases: [string, () => Buffer, string, number, string][] = [
    [
      'a renamed executable',
      () =>
        Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4096)]),
      'licence.pdf',
      415,
      'UNSUPPORTED_FILE_TYPE',
    ],
    ['a zip file', zipBomb, 'licence.pdf', 415, 'UNSUPPORTED_FILE_TYPE'],
    [
      'a truncated PDF',
      () => SAMPLE_PDF.subarray(0, SAMPLE_PDF.length - 8),
      'licence.pdf',
      422,
      'FILE_DAMAGED',
    ],
    [
      'a truncated PNG',
      () => SAMPLE_PNG.subarray(0, SAMPLE_PNG.length - 12),
      'licence.png',
      422,
      'FILE_DAMAGED',
    ],
    [
      'a plain-text file',
      () => Buffer.from('营业执照 统一社会信用代码 91320621MA1234567X'),
      'licence.pdf',
      415,
      'UNSUPPORTED_FILE_TYPE',
    ],
    [
      'an HTML page',
      () => Buffer.from('<html><script>alert(1)</script></html>'),
      'licence.png',
      415,
      'UNSUPPORTED_FILE_TYPE',
    ],
    ['an empty file', () => Buffer.alloc(0), 'licence.pdf', 400, 'FILE_EMPTY'],
    [
      'a file over 10 MB',
      () => Buffer.concat([SAMPLE_PDF, Buffer.alloc(10 * 1024 * 1024)]),
      'licence.pdf',
      413,
      'FILE_TOO_LARGE',
    ],
  ];

  it.each(cases)('%s', async (_label, bytes, name, status, code) => {
    const before = await fileCount();
    const response = await upload(agent.client, 'business_licence', { name, bytes: bytes() });
    expect(response.statusCode).toBe(status);
    const problem = problemOf(response);
    expect(problem.code).toBe(code);
    expect(problem.detail).toMatch(/[\u4e00-\u9fff]/);
    expect(await fileCount()).toBe(before);
  });

  it('refuses a form without a purpose, with an unknown purpose, or without a file', async () => {
    const before = await fileCount();
    for (const purpose of ['', 'service_contract', 'star_list', 'anything']) {
      const response = await upload(agent.client, purpose, { name: 'a.pdf', bytes: SAMPLE_PDF });
      expect(response.statusCode).toBe(400);
      expect(problemOf(response).code).toBe('VALIDATION_FAILED');
    }
    const noFile = await upload(agent.client, 'business_licence', null);
    expect(noFile.statusCode).toBe(400);
    const json = await agent.client.post('/api/certification/files', { purpose: 'x' });
    expect(json.statusCode).toBe(415);
    expect(problemOf(json).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await fileCount()).toBe(before);
  });
});
