/**
 * What the registration and certification tests share: small but whole documents of each
 * allowed type, multipart bodies, an enterprise agent registered through the real API, a
 * certification submitted through it, and a published star-list entry to compare with.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import type { RawSql } from '../../src/db/client.js';
import { TEST_PASSWORD, TestClient } from '../helpers/accounts.js';

/** A minimal PDF: header, catalogue, page tree, trailer and the end-of-file marker. */
export const SAMPLE_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
    '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n' +
    'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** A 1×1 PNG (signature, IHDR, IDAT, IEND). */
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A 2×2 baseline JPEG, as a browser's canvas encodes it. */
export const SAMPLE_JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdAHrB/9k=',
  'base64',
);

/** Valid resident ID numbers from policy-rules.md. */
export const VALID_IDS = ['11010519491231002X', '440306199001011236', '510107198511110030'];

let mobileSequence = Math.floor(Math.random() * 1_000_000);

/** A mobile number no other test in this run uses. */
export function nextMobile(): string {
  mobileSequence += 1;
  return `139${String(10_000_000 + (mobileSequence % 90_000_000)).slice(-8)}`;
}

/** A multipart/form-data body with text fields and one file. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; bytes: Buffer; contentType?: string } | null,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----yunquan${randomUUID().replaceAll('-', '')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export interface Agent {
  client: TestClient;
  mobile: string;
  userId: string;
  organisationId: string;
}

/** Registers an enterprise agent through the API (demo mode shows the code) and signs in. */
export async function registerAgent(
  app: App,
  options: { mobile?: string; email?: string } = {},
): Promise<Agent> {
  const mobile = options.mobile ?? nextMobile();
  const client = new TestClient(app);
  const sent = await client.post('/api/registration/codes', { mobile });
  if (sent.statusCode !== 202) throw new Error(`code: ${sent.statusCode} ${sent.body}`);
  const registered = await client.post('/api/registration', {
    mobile,
    code: sent.json().demoCode,
    password: TEST_PASSWORD,
    name: '张经办',
    acceptTerms: true,
    termsVersion: '2024-10',
    ...(options.email ? { email: options.email } : {}),
  });
  if (registered.statusCode !== 201) {
    throw new Error(`register: ${registered.statusCode} ${registered.body}`);
  }
  const body = registered.json();
  return { client, mobile, userId: body.user.id, organisationId: body.organisation.id };
}

export function upload(
  client: TestClient,
  purpose: string,
  file: { name: string; bytes: Buffer; contentType?: string } | null,
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart({ purpose }, file);
  return client.request({ method: 'POST', url: '/api/certification/files', payload, headers });
}

export interface Submission {
  enterpriseName: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  contactPhone: string;
  agentName: string;
  agentIdNumber?: string;
  agentMobile?: string;
  licenceFileId: string;
  authorisationFileId: string;
}

/** Uploads a licence (PDF) and a letter (JPEG) and returns a complete submission body. */
export async function submissionFor(
  agent: Agent,
  overrides: Partial<Submission> & { creditCode: string },
): Promise<Submission> {
  const licence = await upload(agent.client, 'business_licence', {
    name: '营业执照.pdf',
    bytes: SAMPLE_PDF,
  });
  const letter = await upload(agent.client, 'authorisation_letter', {
    name: '授权委托书.jpg',
    bytes: SAMPLE_JPEG,
  });
  if (licence.statusCode !== 201 || letter.statusCode !== 201) {
    throw new Error(`uploads: ${licence.body} ${letter.body}`);
  }
  return {
    enterpriseName: '海安测试科技有限公司',
    legalRepresentative: '李法人',
    address: '江苏省南通市海安市长江中路 1 号',
    contactName: '王联系',
    contactPhone: '13700001111',
    agentName: '张经办',
    agentIdNumber: VALID_IDS[0]!,
    agentMobile: agent.mobile,
    licenceFileId: licence.json().id,
    authorisationFileId: letter.json().id,
    ...overrides,
  };
}

/** A published star-list entry (as the DRC's import would leave it). */
export async function addListEntry(
  sql: RawSql,
  entry: { creditCode: string; enterpriseName: string; listYear?: number; star?: number },
): Promise<string> {
  const listYear = entry.listYear ?? 2025;
  const batchId = randomUUID();
  const [last] = await sql.query<{ n: number | null }>(
    'SELECT max(batch_no) AS n FROM star_list_batches WHERE list_year = $1',
    [listYear],
  );
  await sql.query(
    `INSERT INTO star_list_batches (id, list_year, batch_no, title, status, entry_count,
       imported_by, imported_at, published_by, published_at)
     VALUES ($1, $2, $3, $4, 'published', 1, 'test', now(), 'test', now())`,
    [batchId, listYear, (last?.n ?? 0) + 1, `${listYear} 年江苏省星级上云企业名单（测试）`],
  );
  const id = randomUUID();
  await sql.query(
    `INSERT INTO star_list_entries (id, batch_id, list_year, seq_no, city, county,
       enterprise_name, credit_code, star)
     VALUES ($1, $2, $3, 1, '南通市', '海安市', $4, $5, $6)`,
    [id, batchId, listYear, entry.enterpriseName, entry.creditCode, entry.star ?? 4],
  );
  return id;
}
