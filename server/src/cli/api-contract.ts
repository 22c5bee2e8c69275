/**
 * `npm run api:generate`: builds the app (in-memory database, nothing listens), takes the
 * internal API's OpenAPI document from it (http/api-contract.ts) and writes
 *   docs/api/internal-openapi.json        — the document, committed
 *   web/src/api/generated/internal.d.ts   — the UI's types, by openapi-typescript, committed
 * server/test/http/api-contract.test.ts regenerates both in memory and fails when the
 * committed files differ, so a changed route schema cannot reach the UI unnoticed.
 */
import fs from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { ManualClock } from '../domain/clock.js';
import { contractProblems, type OpenApiDocument } from '../http/api-contract.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DOCUMENT_FILE = path.join(ROOT, 'docs/api/internal-openapi.json');
export const TYPES_FILE = path.join(ROOT, 'web/src/api/generated/internal.d.ts');

/** Both documents of an app built for the purpose; the database is never queried. */
export async function buildDocuments(): Promise<{
  internal: OpenApiDocument;
  open: OpenApiDocument;
}> {
  const database = await openDatabase({});
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: path.join(os.tmpdir(), `yunquan-api-contract-${process.pid}`),
      PUBLIC_URL: 'https://yunquan.example.cn',
    });
    const app = await buildApp({
      config,
      clock: new ManualClock('2026-01-01T00:00:00.000Z'),
      database,
      logger: false,
    });
    try {
      await app.ready();
      return {
        internal: structuredClone(app.internalApiDocument()),
        open: structuredClone(app.swagger() as unknown as OpenApiDocument),
      };
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

export function documentText(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

let hookRegistered = false;

/** TypeScript declarations for a document, by openapi-typescript (on TypeScript 5's API). */
export async function typesOf(document: OpenApiDocument, header: string): Promise<string> {
  if (!hookRegistered) {
    register(
      pathToFileURL(
        path.join(path.dirname(fileURLToPath(import.meta.url)), 'typescript5-hook.mjs'),
      ),
    );
    hookRegistered = true;
  }
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const ast = await openapiTS(document as never, { silent: true });
  return `${header}${astToString(ast)}`;
}

export const TYPES_HEADER = `/**
 * The internal API's types, generated from docs/api/internal-openapi.json by openapi-typescript.
 * Do not edit: change the route's zod schema on the server and run \`npm run api:generate\`.
 */

`;

/** The two committed files' contents, as they should be now. */
export async function generateContract(): Promise<{ document: string; types: string }> {
  const { internal } = await buildDocuments();
  return contractFilesOf(internal);
}

/** The committed files' contents for a document, refused when the document is incomplete. */
export async function contractFilesOf(
  internal: OpenApiDocument,
): Promise<{ document: string; types: string }> {
  const problems = contractProblems(internal);
  if (problems.length > 0) {
    throw new Error(`The internal API document is not complete:\n  ${problems.join('\n  ')}`);
  }
  return { document: documentText(internal), types: await typesOf(internal, TYPES_HEADER) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { document, types } = await generateContract();
  for (const [file, text] of [
    [DOCUMENT_FILE, document],
    [TYPES_FILE, types],
  ] as const) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}
