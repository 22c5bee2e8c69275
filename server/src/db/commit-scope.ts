/**
 * A hook into every transaction the server opens (RawDb.transaction and Drizzle's
 * db.transaction), for whatever must commit or vanish with the business change: the audit
 * row (modules/audit/audit.scope.ts, D-audit-tx-1). The scope travels with the async context
 * of the request or job that opened it (AsyncLocalStorage), so a service that opens a
 * transaction need not know or pass anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RawSql } from './client.js';

export interface CommitScope {
  /** Inside the transaction, after its work and immediately before COMMIT. */
  beforeCommit(tx: RawSql): Promise<void>;
  /** The COMMIT succeeded. */
  committed(): void;
  /** The transaction rolled back, or its COMMIT failed: what beforeCommit wrote is gone. */
  rolledBack(): void;
}

const scopes = new AsyncLocalStorage<CommitScope>();

/** Runs `fn` with `scope` applying to every transaction opened inside it. */
export function runInCommitScope<T>(scope: CommitScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

/** The scope of the current request or job, if any. */
export function currentCommitScope(): CommitScope | undefined {
  return scopes.getStore();
}

/**
 * Wraps one transaction's body: `body` runs the work and must call `beforeCommit` (given)
 * last, inside the transaction; `run` performs BEGIN … COMMIT around it.
 */
export async function withCommitScope<T>(
  run: (body: (tx: RawSql) => Promise<void>) => Promise<T>,
): Promise<T> {
  const scope = scopes.getStore();
  if (!scope) return run(async () => {});
  try {
    const result = await run((tx) => scope.beforeCommit(tx));
    scope.committed();
    return result;
  } catch (error) {
    scope.rolledBack();
    throw error;
  }
}

/** Runs `fn` outside any scope: the sealer's own transactions record nothing. */
export function runOutsideCommitScope<T>(fn: () => T): T {
  return scopes.exit(fn);
}
