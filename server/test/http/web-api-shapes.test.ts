/**
 * No server shape is written by hand in the UI (issue 11 item 1): every type in web/src/api
 * is an alias of the generated contract (generated/internal.d.ts, via contract.ts's helpers),
 * so a field the server stops sending is a type error in the page that reads it.
 *
 * The check reads each module with the TypeScript parser and refuses an `interface`, an object
 * type literal (`{ … }`) or a union of string/number literals — in a declaration or inline in a
 * call such as `api<{ items: … }>(…)` — outside the few declarations listed below, which describe
 * the client itself rather than anything the server sends.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript5';
import { describe, expect, it } from 'vitest';

const API_DIR = path.resolve(import.meta.dirname, '../../../web/src/api');

/**
 * Files that are the machinery, not shapes: the type helpers over the generated document, and
 * the fetch wrapper (its own options and results; its `FieldError` is the server's `Problem`).
 */
const SKIPPED_FILES = new Set(['contract.ts', 'client.ts']);

/** `file:name` → why a hand-written type is right there. */
const ALLOWED: Record<string, string> = {
  'errors.ts:ErrorOverrides': 'maps error codes to the UI’s own message keys',
  // startBuild's body goes through openapi-fetch's typed client.POST, which checks it against the
  // contract; buildDocumentPath's `kind` is a URL segment. Owned by the redemption branch; could
  // read RequestBody<'/api/redemption/years/{year}/builds'>['kind'].
  'redemption.ts:parameter kind': 'checked by client.POST / a path segment (see above)',
};

interface HandWrittenShape {
  file: string;
  line: number;
  name: string;
  text: string;
}

function isHandWritten(node: ts.TypeNode): boolean {
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isTypeLiteralNode(child) || ts.isMappedTypeNode(child)) {
      found = true;
      return;
    }
    if (
      ts.isLiteralTypeNode(child) &&
      (ts.isStringLiteral(child.literal) || ts.isNumericLiteral(child.literal))
    ) {
      // A literal as a type argument of the contract's helpers ('/api/…', 'post', 'items') is a
      // path or key into the generated document, not a shape.
      const parent = child.parent;
      const inContractArgument =
        (ts.isTypeReferenceNode(parent) && parent.typeArguments?.includes(child)) ||
        ts.isIndexedAccessTypeNode(parent) ||
        (ts.isUnionTypeNode(parent) &&
          (ts.isTypeReferenceNode(parent.parent) || ts.isTypeReferenceNode(parent.parent.parent)));
      if (!inContractArgument) {
        found = true;
        return;
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

/** The hand-written shapes in one module's source text. */
function handWrittenShapes(file: string, source: string): HandWrittenShape[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: HandWrittenShape[] = [];
  const report = (node: ts.Node, name: string) => {
    if (ALLOWED[`${file}:${name}`]) return;
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    found.push({ file, line: line + 1, name, text: node.getText(sourceFile).split('\n')[0] ?? '' });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isInterfaceDeclaration(node)) {
      report(node, node.name.text);
      return;
    }
    if (ts.isTypeAliasDeclaration(node)) {
      if (isHandWritten(node.type)) report(node, node.name.text);
      return;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const argument of node.typeArguments ?? []) {
        if (isHandWritten(argument)) report(argument, `${node.expression.getText(sourceFile)}<…>`);
      }
    }
    if (
      (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node)) &&
      node.type &&
      isHandWritten(node.type)
    ) {
      report(node.type, 'return type');
    }
    if (ts.isParameter(node) && node.type && isHandWritten(node.type)) {
      report(node, `parameter ${node.name.getText(sourceFile)}`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function apiModules(): string[] {
  return fs
    .readdirSync(API_DIR, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => entry.name)
    .filter((name) => !SKIPPED_FILES.has(name))
    .sort();
}

describe('web/src/api writes no server shape by hand', () => {
  it('finds every module (the check reads the real directory)', () => {
    expect(apiModules()).toEqual(
      expect.arrayContaining(['enterprise.ts', 'types.ts', 'vouchers.ts']),
    );
  });

  it('every type there is an alias of the generated contract', () => {
    const found = apiModules().flatMap((file) =>
      handWrittenShapes(file, fs.readFileSync(path.join(API_DIR, file), 'utf8')),
    );
    expect(
      found.map((shape) => `${shape.file}:${shape.line} ${shape.name}: ${shape.text}`),
      'write these as Schema<…>/ResponseBody<…>/RequestBody<…>/QueryOf<…> (web/src/api/contract.ts); ' +
        'name a server schema with .meta({ id }) and run `npm run api:generate`',
    ).toEqual([]);
  });

  it('catches the shapes it is meant to catch', () => {
    const source = `
      import type { ResponseBody, Paged, QueryOf } from './contract';
      export interface Voucher { voucherId: string; amount: number }
      export type Status = 'active' | 'expired';
      export type Row = { id: string };
      export type Fine = ResponseBody<'/api/enterprise/vouchers'>['vouchers'][number];
      export type AlsoFine = Paged<QueryOf<'/api/audit'>>;
      export function load() { return api<{ items: Fine[] }>('/api/enterprise/vouchers'); }
      export function save(body: { amount: number }) { return body; }
    `;
    expect(handWrittenShapes('sample.ts', source).map((shape) => shape.name)).toEqual([
      'Voucher',
      'Status',
      'Row',
      'api<…>',
      'parameter body',
    ]);
  });
});
