/**
 * The write guard (D-audit-tx-4): a statement that changes a business table on its own
 * (autocommit, outside any transaction) while an audit scope is active commits without the
 * scope's audit row — its record would be written afterwards, by the request hook, and a crash
 * in between loses it. Every such path now opens a transaction; this guard keeps it so.
 *
 * db/client.ts routes every statement sent outside a transaction through `guardAutocommit`:
 * on PostgreSQL that is `pool.query` (Drizzle's `db` and `RawDb.query`; transactions run on a
 * checked-out client), on PGlite the instance's `query`/`exec` (its transactions run their
 * statements through a private path). So whatever the guard sees is autocommit by construction.
 *
 * What it reacts to: INSERT / UPDATE / DELETE on a table not listed below, sent while a commit
 * scope (an audited request, a scheduled job, an audited command) is active. Outside a scope
 * nothing is audited by the scope anyway (sign-in, the seed, test fixtures), so nothing is
 * checked. A function called by SELECT (the deduction, `audit_record`) is one statement and
 * one transaction that writes its own audit row (D-audit-tx-3); it is not inspected.
 *
 * How it reacts, by AUDIT_WRITE_GUARD: `throw` (the test suite, vitest.config.ts: a new
 * autocommit write fails the tests that drive it), `warn` (the default, production: the change
 * is not refused, since refusing a citizen's request over a bookkeeping defect would be worse
 * than the missing-row window; each distinct statement is logged once), `off`.
 */
import { currentCommitScope } from './commit-scope.js';

export type WriteGuardMode = 'throw' | 'warn' | 'off';

/**
 * Tables an autocommit write may touch inside a scope, each for a reason:
 *  - audit_log: the request hook's own rows (refusals, denials, the second row naming the
 *    first) and the audit backlog are written after the answer is decided, by design
 *    (D-audit-tx-1); they are the record, not a change needing one.
 *  - audit_seals: the sealer runs outside any scope (runOutsideCommitScope); listed in case a
 *    seal is ever requested from a scope (`audit seal` on demand), since a seal records no
 *    business change either.
 */
export const WRITE_GUARD_EXEMPT_TABLES: ReadonlySet<string> = new Set(['audit_log', 'audit_seals']);

export class AutocommitWriteError extends Error {
  readonly code = 'AUDIT_AUTOCOMMIT_WRITE';
  constructor(
    readonly tables: string[],
    readonly statement: string,
  ) {
    super(
      `autocommit write to ${tables.join(', ')} inside an audit scope: open a transaction so ` +
        `the audit row commits with the change (D-audit-tx-4). Statement: ${statement.slice(0, 200)}`,
    );
    this.name = 'AutocommitWriteError';
  }
}

let modeOverride: WriteGuardMode | undefined;
/**
 * AUDIT_WRITE_GUARD as read on first use: the environment is set before the process starts
 * (vitest.config.ts, the service's unit), and reading `process.env` on every statement was the
 * guard's largest cost in a request's profile (D-http-speed-2).
 */
let environmentMode: WriteGuardMode | undefined;

/** The mode in force: a test's override, else AUDIT_WRITE_GUARD, else `warn`. */
export function writeGuardMode(): WriteGuardMode {
  if (modeOverride) return modeOverride;
  if (environmentMode === undefined) {
    const value = process.env.AUDIT_WRITE_GUARD;
    environmentMode = value === 'throw' || value === 'off' ? value : 'warn';
  }
  return environmentMode;
}

/** Tests only: force a mode (undefined restores the environment's). */
export function setWriteGuardMode(mode: WriteGuardMode | undefined): void {
  modeOverride = mode;
}

export interface WriteGuardReport {
  tables: string[];
  statement: string;
}

const observers = new Set<(report: WriteGuardReport) => void>();

/** Tests only: see every autocommit write the guard catches, whatever the mode. */
export function observeAutocommitWrites(observer: (report: WriteGuardReport) => void): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

const warned = new Set<string>();

// INSERT INTO t / DELETE FROM t / UPDATE [ONLY] t [[AS] alias] SET — anywhere in the text, so a
// data-changing CTE (WITH … DELETE …) is seen too. "FOR UPDATE" and "DO UPDATE SET" do not match.
const NAME = '((?:"?\\w+"?\\.)?"?\\w+"?)';
const WRITES = [
  new RegExp(`\\binsert\\s+into\\s+${NAME}`, 'gi'),
  new RegExp(`\\bdelete\\s+from\\s+(?:only\\s+)?${NAME}`, 'gi'),
  new RegExp(`\\bupdate\\s+(?:only\\s+)?${NAME}(?:\\s+(?:as\\s+)?"?\\w+"?)?\\s+set\\b`, 'gi'),
];

/** The tables a statement writes, as named in its text (schema and quotes removed). */
export function writtenTables(text: string): string[] {
  const tables = new Set<string>();
  for (const pattern of WRITES) {
    for (const match of text.matchAll(pattern)) {
      const name = (match[1] ?? '').replaceAll('"', '').split('.').pop()?.toLowerCase() ?? '';
      if (name && name !== 'set') tables.add(name);
    }
  }
  return [...tables];
}

/**
 * The non-exempt tables a statement text writes, remembered per text (D-http-speed-2): the
 * texts are the code's own statements (parameters travel apart), so a few hundred at most,
 * and scanning each with three regexes on every call was a measurable part of a request.
 * Bounded all the same, in case some path builds texts that vary: past the bound, texts are
 * scanned each time as before.
 */
const tablesByText = new Map<string, readonly string[]>();
const TABLES_BY_TEXT_BOUND = 2_000;

function guardedTablesOf(text: string): readonly string[] {
  const known = tablesByText.get(text);
  if (known) return known;
  const tables = writtenTables(text).filter((table) => !WRITE_GUARD_EXEMPT_TABLES.has(table));
  if (tablesByText.size < TABLES_BY_TEXT_BOUND) tablesByText.set(text, tables);
  return tables;
}

/**
 * Called with the text of every statement sent outside a transaction. Returns the error to
 * fail the statement with (mode `throw`), else undefined.
 */
export function guardAutocommit(text: string): AutocommitWriteError | undefined {
  if (!currentCommitScope()) return undefined;
  const mode = writeGuardMode();
  if (mode === 'off' && observers.size === 0) return undefined;
  const tables = guardedTablesOf(text);
  if (tables.length === 0) return undefined;
  for (const observer of observers) observer({ tables: [...tables], statement: text });
  if (mode === 'throw') return new AutocommitWriteError([...tables], text);
  if (mode === 'warn' && !warned.has(text)) {
    // Once per statement text (parameters are separate), with a bound in case texts vary.
    if (warned.size < 1_000) warned.add(text);
    process.emitWarning(new AutocommitWriteError([...tables], text).message, {
      code: 'AUDIT_AUTOCOMMIT_WRITE',
    });
  }
  return undefined;
}
