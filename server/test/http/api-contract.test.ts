/**
 * The contract between server and UI, and the published one:
 * - the committed internal document and the UI's generated types are what the routes say now
 *   (else: run `npm run api:generate`);
 * - both OpenAPI documents pass Redocly's recommended rules;
 * - a client generated from the open API's document compiles, and misuse of it does not;
 * - the internal document is served to the roles holding api-docs.read only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import ts from 'typescript5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDocuments,
  contractFilesOf,
  DOCUMENT_FILE,
  documentText,
  TYPES_FILE,
  typesOf,
} from '../../src/cli/api-contract.js';
import { ROLE_PERMISSIONS, ROLES } from '../../src/domain/permissions.js';
import {
  contractProblems,
  type OpenApiDocument,
  operationIdOf,
} from '../../src/http/api-contract.js';
import { signedInAs } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const STALE = 'is stale: run `npm run api:generate` and commit the result';

let documents: { internal: OpenApiDocument; open: OpenApiDocument };

beforeAll(async () => {
  documents = await buildDocuments();
});

describe('the committed contract', () => {
  it('matches the routes (document and UI types)', async () => {
    const fresh = await contractFilesOf(documents.internal);
    const committedDocument = fs.existsSync(DOCUMENT_FILE)
      ? fs.readFileSync(DOCUMENT_FILE, 'utf8')
      : '';
    const committedTypes = fs.existsSync(TYPES_FILE) ? fs.readFileSync(TYPES_FILE, 'utf8') : '';
    expect(committedDocument === fresh.document, `docs/api/internal-openapi.json ${STALE}`).toBe(
      true,
    );
    expect(committedTypes === fresh.types, `web/src/api/generated/internal.d.ts ${STALE}`).toBe(
      true,
    );
  });

  it('describes every internal route, each with a response and a unique operationId', () => {
    expect(contractProblems(documents.internal)).toEqual([]);
    const operations = Object.values(documents.internal.paths).flatMap((methods) =>
      Object.values(methods),
    );
    expect(operations.length).toBeGreaterThan(80);
    for (const operation of operations) {
      expect(operation['x-access'], operation.operationId).toBeDefined();
      expect(operation.security, operation.operationId).toEqual(
        operation['x-access'] === 'public' ? [] : [{ session: [] }],
      );
    }
    expect(Object.keys(documents.internal.paths).some((p) => p.startsWith('/api/open/'))).toBe(
      false,
    );
  });

  it('finds a route without a declared response, and a shared operationId', () => {
    const broken = structuredClone(documents.internal);
    const plans = broken.paths['/api/plans'];
    if (!plans?.get || !plans.post) throw new Error('GET/POST /api/plans missing');
    plans.get.responses = { 200: { description: 'Default Response' } };
    plans.post.operationId = plans.get.operationId;
    expect(contractProblems(broken)).toEqual([
      'GET /api/plans: response 200 declares no content (add schema.response)',
      'POST /api/plans: operationId getPlans is also used by GET /api/plans',
    ]);
  });

  it('derives operationIds from the method and the path', () => {
    expect(operationIdOf('POST', '/api/plans/:id/budget-increases')).toBe(
      'postPlansByIdBudgetIncreases',
    );
    expect(operationIdOf('GET', '/api/star-lists/entries.xlsx')).toBe('getStarListsEntriesXlsx');
  });
});

describe("Redocly's recommended rules", () => {
  async function lintProblems(document: OpenApiDocument, name: string) {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: `${name}.json`,
      config,
    });
    return problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`,
    );
  }

  it('pass on the internal document', async () => {
    expect(await lintProblems(documents.internal, 'internal-openapi')).toEqual([]);
  });

  it('pass on the open API document', async () => {
    expect(await lintProblems(documents.open, 'open-openapi')).toEqual([]);
  });
});

describe('a client generated from the open API document', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunquan-open-client-'));
    fs.writeFileSync(path.join(dir, 'open-api.d.ts'), await typesOf(documents.open, ''));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Type-checks usage files beside the generated types with TypeScript 5's API, in one program. */
  function diagnosticsOf(usages: Record<string, string>): Record<string, string[]> {
    const files = Object.fromEntries(
      Object.entries(usages).map(([name, text]) => {
        const file = path.join(dir, `${name}.ts`);
        fs.writeFileSync(file, text);
        return [name, file];
      }),
    );
    const root = path.resolve(import.meta.dirname, '../../..');
    const program = ts.createProgram(Object.values(files), {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
      paths: { 'openapi-fetch': [path.join(root, 'node_modules/openapi-fetch')] },
    });
    return Object.fromEntries(
      Object.entries(files).map(([name, file]) => [
        name,
        ts
          .getPreEmitDiagnostics(program, program.getSourceFile(file))
          .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      ]),
    );
  }

  const header = `import createClient from 'openapi-fetch';
import type { paths } from './open-api';
const client = createClient<paths>({ baseUrl: 'https://yunquan.example.cn' });
const signature = { 'idempotency-key': 'k-1' };
`;

  it('compiles when used as documented, and not when a field the server does not send is read', () => {
    const diagnostics = diagnosticsOf({
      documented: `${header}
export async function deduct(): Promise<number | undefined> {
  const { data, error } = await client.POST('/api/open/v1/deductions', {
    params: { header: signature },
    body: { orderNo: 'B-1', creditCode: '91320621MA1XXXXXXX', category: 'compute', amount: 100 },
  });
  if (error) return error.status;
  return data?.deducted;
}
export async function vouchers(): Promise<number> {
  const { data } = await client.GET('/api/open/v1/enterprises/{creditCode}/vouchers', {
    params: { path: { creditCode: '91320621MA1XXXXXXX' } },
  });
  return data?.vouchers.length ?? 0;
}
`,
      misread: `${header}
export async function deduct() {
  const { data } = await client.POST('/api/open/v1/deductions', {
    params: { header: signature },
    body: { orderNo: 'B-1', creditCode: '91320621MA1XXXXXXX', category: 'compute', amount: 100 },
  });
  return data?.refund;
}
`,
    });
    expect(diagnostics.documented).toEqual([]);
    expect(diagnostics.misread?.join('\n')).toContain("Property 'refund' does not exist");
  });
});

describe('GET /api/openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the internal document to the roles that hold api-docs.read', async () => {
    // Who may call it at all is the route matrix's job (route-matrix.test.ts); this is the body.
    const readers = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes('api-docs.read'));
    expect(readers).toEqual(['data_bureau_admin', 'system_admin']);
    const { client } = await signedInAs(t.app, 'system_admin');
    const response = await client.get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(documentText(response.json() as OpenApiDocument)).toBe(documentText(documents.internal));
    const { client: reviewer } = await signedInAs(t.app, 'data_bureau_reviewer');
    expect((await reviewer.get('/api/openapi.json')).statusCode).toBe(403);
  });
});
