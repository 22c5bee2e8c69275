/**
 * Every audit code the server writes has a name in the UI (审计日志 shows 认领审核通过, not
 * `claims.approve` alone): the route configs' `audit: '…'` and the services' `action: '…'`.
 * A new audited action fails here until it is named in web/src/locales/zh-CN/auditActions.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { auditActions } from '../../../web/src/locales/zh-CN/auditActions.js';

const SERVER_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('audit action names', () => {
  it('names every audit code the server writes', () => {
    const codes = new Set<string>();
    for (const file of sourceFiles(SERVER_SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\baudit: '([a-z][a-z.-]+)'/g))
        codes.add(match[1] as string);
      for (const match of text.matchAll(/\baction: '([a-z][a-z-]*\.[a-z.-]+)'/g)) {
        codes.add(match[1] as string);
      }
    }
    expect(codes.size).toBeGreaterThan(40);
    const unnamed = [...codes].filter((code) => !(`auditAction.${code}` in auditActions)).sort();
    expect(unnamed).toEqual([]);
  });
});
