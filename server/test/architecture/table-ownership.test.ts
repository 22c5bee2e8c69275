/**
 * Each module owns its tables (issue 11 item 2). For every module under server/src/modules (and
 * the jobs), this lists the tables its code names — drizzle tables imported from db/schema, and
 * table names after FROM / JOIN / INTO / UPDATE / TABLE in its string and template literals (the
 * raw SQL) — and fails when one belongs to another module, unless
 * - the module is a declared read model (it says in its header which tables it reads and why), or
 * - the file is a read model: its header comment says `@read-model reads: table_a, table_b — why`,
 *   and then it may name those tables (and its own module's) and no others; every declared table
 *   must really be named there (no stale declaration), and it may not write them.
 * There is no other exception (D-ownership-2 emptied and removed the list of known reads): a
 * module that needs another's table asks the owner's exported function. Also: every table has
 * exactly one owner, and module imports form no cycle (issue 11: the open API calls the ledger, never the reverse).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript5';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const MODULES_DIR = path.join(SRC, 'modules');
const SCHEMA_DIR = path.join(SRC, 'db/schema');

/** Table → the module that writes it and answers for its meaning. */
const OWNER: Record<string, string> = {
  users: 'accounts',
  sessions: 'accounts',
  accounts: 'accounts',
  verifications: 'accounts',
  two_factors: 'accounts',
  organisations: 'accounts',
  verification_codes: 'registration',
  terms_acceptances: 'registration',
  certifications: 'certification',
  certification_rounds: 'certification',
  star_list_batches: 'star-lists',
  star_list_entries: 'star-lists',
  plans: 'plans',
  voucher_batches: 'voucher-batches',
  claims: 'claims',
  claim_rounds: 'claims',
  claim_contracts: 'claims',
  vouchers: 'ledger',
  voucher_tranches: 'ledger',
  ledger_transfers: 'ledger',
  deductions: 'ledger',
  deduction_allocations: 'ledger',
  reversals: 'ledger',
  tranche_reminders: 'ledger',
  // Every keyed POST is a ledger write; ledger/idempotency.ts and yq_deduct write the keys.
  idempotency_keys: 'ledger',
  api_clients: 'open-api',
  policies: 'policies',
  monthly_reports: 'monthly-reports',
  monthly_report_rounds: 'monthly-reports',
  monthly_report_reminders: 'monthly-reports',
  notifications: 'notifications',
  outbound_messages: 'delivery',
  files: 'files',
  audit_log: 'audit',
  audit_seals: 'audit',
  job_runs: 'jobs',
};

/** Schema files given wholly to one module: their tables need no entry above. */
const OWNER_BY_SCHEMA_FILE: Record<string, string> = {
  'redemption.ts': 'redemption',
  'redemption-chain.ts': 'redemption',
  'monthly-reports.ts': 'monthly-reports',
  'transparency.ts': 'transparency',
};

/** Modules that read across the others by nature; each says so in its header. */
const READ_MODELS: Record<string, string> = {
  supervision:
    '全流程监管: the year’s figures and every listed enterprise’s stage, across the flow',
  'monthly-reports':
    'parts (b) and (c) and the control totals are read from the ledger and the list',
  redemption: 'the annual package is one line per voucher used, read from the year’s ledger',
  backup: 'a consistent snapshot of every table, and its restore',
};

const SQL_TABLE = /\b(?:from|join|into|update|table)\s+"?([a-z_][a-z0-9_]*)"?/gi;

function tablesBySchemaFile(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of fs.readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8');
    for (const match of text.matchAll(/export const (\w+) = pgTable\(\s*'(\w+)'/g)) {
      owners.set(`${match[1]}`, `${file}:${match[2]}`);
    }
  }
  return owners;
}

/** drizzle variable → SQL name, and SQL name → owning module. */
function schema() {
  const variables = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [variable, where] of tablesBySchemaFile()) {
    const [file, table] = where.split(':') as [string, string];
    variables.set(variable, table);
    const owner = OWNER[table] ?? OWNER_BY_SCHEMA_FILE[file];
    if (owner) owners.set(table, owner);
    else owners.set(table, '');
  }
  return { variables, owners };
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name));
}

/** A file's `@read-model reads: a, b — why` declaration, from its header comment. */
interface ReadModelHeader {
  tables: string[];
  why: string;
}

const READ_MODEL_TAG = /@read-model\s+reads:\s*([a-z0-9_,\s]*?)\s+[—-]+\s+([^@]*)/;

function readModelHeader(text: string): ReadModelHeader | null {
  const header = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text)?.[1];
  if (!header) return null;
  const match = READ_MODEL_TAG.exec(header.replace(/^\s*\*/gm, ' '));
  if (!match) return null;
  return {
    tables: (match[1] ?? '')
      .split(',')
      .map((table) => table.trim())
      .filter((table) => table !== ''),
    why: (match[2] ?? '').replace(/\s+/g, ' ').trim(),
  };
}

/** SQL that changes a table: a read model's declared tables are read, never written. */
const SQL_WRITE = /\b(?:insert\s+into|update|delete\s+from)\s+"?([a-z_][a-z0-9_]*)"?/gi;
const DRIZZLE_WRITE = new Set(['insert', 'update', 'delete']);

/** The tables one source file names, with the line of the first mention, and those it writes. */
function tablesNamedIn(file: string, variables: Map<string, string>, tables: Set<string>) {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = new Map<string, number>();
  const written = new Set<string>();
  const note = (table: string, node: ts.Node) => {
    if (found.has(table)) return;
    found.set(table, source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      /\/db\/schema(\/|\.js$|$)/.test(node.moduleSpecifier.text)
    ) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const table = variables.get((element.propertyName ?? element.name).text);
          if (table) note(table, element);
        }
      }
      return;
    }
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      for (const match of node.text.matchAll(SQL_TABLE)) {
        const table = match[1]?.toLowerCase() ?? '';
        if (tables.has(table)) note(table, node);
      }
      for (const match of node.text.matchAll(SQL_WRITE)) {
        const table = match[1]?.toLowerCase() ?? '';
        if (tables.has(table)) written.add(table);
      }
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      DRIZZLE_WRITE.has(node.expression.name.text)
    ) {
      const target = node.arguments[0];
      const table = target && ts.isIdentifier(target) ? variables.get(target.text) : undefined;
      if (table) written.add(table);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { found, written, header: readModelHeader(text) };
}

interface Read {
  module: string;
  table: string;
  owner: string;
  at: string;
}

/** A file that declares itself a read model, and what the declaration does not hold to. */
interface ReadModelFile {
  module: string;
  file: string;
  header: ReadModelHeader;
  /** Declared, but the file names no such table (a stale declaration). */
  stale: string[];
  /** Declared, but not another module's table (or no table at all). */
  notForeign: string[];
  /** Declared, and written by the file. */
  writes: string[];
}

/**
 * Every (module, table) its code names outside read-model files' declarations, first mention
 * kept; and the read-model files.
 */
function scan(): { all: Read[]; readModelFiles: ReadModelFile[] } {
  const readModelFiles: ReadModelFile[] = [];
  const { variables, owners } = schema();
  const tables = new Set(owners.keys());
  const areas = [
    ...fs
      .readdirSync(MODULES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => ({ module: entry.name, dir: path.join(MODULES_DIR, entry.name) })),
    { module: 'jobs', dir: path.join(SRC, 'jobs') },
  ];
  const result: Read[] = [];
  for (const { module, dir } of areas) {
    const seen = new Map<string, string>();
    for (const file of sourceFiles(dir).sort()) {
      const { found, written, header } = tablesNamedIn(file, variables, tables);
      const declared = new Set(header?.tables ?? []);
      if (header) {
        readModelFiles.push({
          module,
          file: path.relative(SRC, file),
          header,
          stale: header.tables.filter((table) => !found.has(table)),
          notForeign: header.tables.filter((table) => (owners.get(table) ?? module) === module),
          writes: header.tables.filter((table) => written.has(table)),
        });
      }
      for (const [table, line] of found) {
        if (declared.has(table) && owners.get(table) !== module) continue;
        if (!seen.has(table)) seen.set(table, `${path.relative(SRC, file)}:${line}`);
      }
    }
    for (const [table, at] of seen) {
      result.push({ module, table, owner: owners.get(table) ?? '', at });
    }
  }
  return { all: result, readModelFiles };
}

/** Module → the modules its files import (`from '../<module>/…'`). */
function moduleImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const entry of fs.readdirSync(MODULES_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of sourceFiles(path.join(MODULES_DIR, entry.name))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) {
        const target = match[1] ?? '';
        if (target === entry.name) continue;
        if (!edges.has(entry.name)) edges.set(entry.name, new Set());
        edges.get(entry.name)?.add(target);
      }
    }
  }
  return edges;
}

describe('each module owns its tables', () => {
  const { all, readModelFiles } = scan();

  it('finds what it should (the scan reads real code)', () => {
    expect(all).toContainEqual(expect.objectContaining({ module: 'ledger', table: 'vouchers' }));
    expect(all).toContainEqual(
      expect.objectContaining({ module: 'star-lists', table: 'star_list_entries' }),
    );
    expect(all).toContainEqual(
      expect.objectContaining({ module: 'supervision', table: 'plans', owner: 'plans' }),
    );
    expect(readModelFiles).toContainEqual(
      expect.objectContaining({ file: 'modules/ledger/usage.query.ts' }),
    );
  });

  it('reads a file’s @read-model header (and only from the header comment)', () => {
    expect(
      readModelHeader(
        '/**\n * The list.\n *\n * @read-model reads: users, organisations — names,\n *   for the list\n */\nx',
      ),
    ).toEqual({ tables: ['users', 'organisations'], why: 'names, for the list' });
    expect(readModelHeader('import x;\n/** @read-model reads: users — names */')).toBeNull();
    expect(readModelHeader('/** A file. */')).toBeNull();
  });

  it('every table has one owning module', () => {
    const { owners } = schema();
    const unowned = [...owners].filter(([, owner]) => owner === '').map(([table]) => table);
    expect(
      unowned,
      'add the new table to OWNER (or its schema file to OWNER_BY_SCHEMA_FILE)',
    ).toEqual([]);
    const stale = Object.keys(OWNER).filter((table) => !owners.has(table));
    expect(stale, 'tables in OWNER that no schema file declares').toEqual([]);
  });

  it('no module names another module’s table outside the read models', () => {
    const unexpected = all
      .filter((read) => read.owner !== read.module)
      .filter((read) => !READ_MODELS[read.module])
      .map((read) => `${read.module} names ${read.table} (owned by ${read.owner}) at ${read.at}`);
    expect(
      unexpected,
      'ask the owning module through its exported functions (its *.lookups.ts, or a write it ' +
        'exports); a listing or report that joins across modules in SQL is a read-model file ' +
        'with an `@read-model reads: … — why` header',
    ).toEqual([]);
  });

  it('a read-model file declares exactly the other modules’ tables it reads, and writes none', () => {
    const faults = readModelFiles.flatMap(({ file, header, stale, notForeign, writes }) => [
      ...(header.tables.length === 0 ? [`${file}: @read-model names no table`] : []),
      ...(header.why.length < 10 ? [`${file}: @read-model gives no reason (after the dash)`] : []),
      ...stale.map((table) => `${file}: declares ${table} but does not read it (stale)`),
      ...notForeign.map((table) => `${file}: declares ${table}, not another module’s table`),
      ...writes.map((table) => `${file}: writes ${table}, which a read model only reads`),
    ]);
    expect(faults).toEqual([]);
  });

  it('module imports form no cycle', () => {
    const edges = moduleImports();
    // The scan reads real imports: the open API is a transport over the ledger.
    expect(edges.get('open-api')).toContain('ledger');
    expect(edges.get('claims')).toContain('ledger');
    // An edge a → b is on a cycle when b reaches a.
    const reaches = (from: string, to: string): boolean => {
      const seen = new Set<string>();
      const stack = [from];
      while (stack.length > 0) {
        const next = stack.pop() ?? '';
        if (next === to) return true;
        if (seen.has(next)) continue;
        seen.add(next);
        stack.push(...(edges.get(next) ?? []));
      }
      return false;
    };
    const onCycles = [...edges]
      .flatMap(([from, targets]) =>
        [...targets].filter((to) => reaches(to, from)).map((to) => `${from} -> ${to}`),
      )
      .sort();
    expect(
      onCycles,
      'module imports that close a cycle: move what both need to the lower module, to domain/ ' +
        '(pure rules and names) or lib/ (helpers that know no module)',
    ).toEqual([]);
  });
});
