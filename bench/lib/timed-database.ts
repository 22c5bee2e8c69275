/**
 * A Database wrapper that times every statement of its transactions (round trip included),
 * labelled by what it does, and can EXPLAIN ANALYZE them: a statement that returns rows the
 * caller needs runs twice (EXPLAIN ANALYZE inside a savepoint that is rolled back — the
 * folded key insert would otherwise find its own key — then for real), a write runs once,
 * inside EXPLAIN ANALYZE, which executes it. For a statement-by-statement account of one
 * deduction.
 */
import type { Database, QueryOptions, RawSql } from '../../server/src/db/client.js';
import { round } from './stats.js';

export interface StatementStats {
  label: string;
  count: number;
  meanMs: number;
  totalMs: number;
}

export interface ExplainedStatement {
  label: string;
  planningMs: number;
  executionMs: number;
  triggers: Array<{ name: string; ms: number; calls: number }>;
}

function labelOf(text: string): string {
  if (/yq_deduct\(/.test(text)) return 'yq_deduct (one statement, its own transaction)';
  if (/yq_deduct_batch\(/.test(text)) return 'yq_deduct_batch (one statement, its own transaction)';
  if (/idem_claim/.test(text) && /voucher_tranches/.test(text)) return 'key insert + tranche lock';
  if (/new_deductions/.test(text))
    return /idem_store/.test(text) ? 'write CTE + key update' : 'write CTE';
  if (/^\s*WITH idem_claim/.test(text)) return 'key insert';
  if (/^\s*WITH idem_store/.test(text)) return 'key update';
  const flat = text.replace(/\s+/g, ' ').trim();
  const into =
    /^(INSERT INTO \w+|UPDATE \w+|SELECT .*? FROM \w+|WITH \w+ AS \( INSERT INTO \w+)/i.exec(flat);
  return (into?.[1] ?? flat).slice(0, 60);
}

/** Thrown to roll an EXPLAIN ANALYZE back. */
class RolledBack extends Error {}

export function timedDatabase(database: Database) {
  const stats = new Map<string, { count: number; totalMs: number }>();
  const explained: ExplainedStatement[] = [];
  let explainNext = false;
  /** Round trips: each statement, plus BEGIN and COMMIT of each transaction. */
  let roundTrips = 0;
  const add = (label: string, ms: number) => {
    const entry = stats.get(label) ?? { count: 0, totalMs: 0 };
    entry.count += 1;
    entry.totalMs += ms;
    stats.set(label, entry);
  };
  const timed: Database = {
    ...database,
    raw: {
      // A statement on its own (autocommit), as the deduction routes send yq_deduct: timed;
      // explained inside a transaction that is rolled back, then run for real.
      async query<R>(text: string, params?: unknown[], options?: QueryOptions): Promise<R[]> {
        const label = labelOf(text);
        if (explainNext) {
          explainNext = false;
          await database.raw
            .transaction(async (tx) => {
              const [plan] = await tx.query<{ 'QUERY PLAN': unknown }>(
                `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
                params,
              );
              const top = (plan?.['QUERY PLAN'] as Array<Record<string, unknown>>)?.[0] ?? {};
              explained.push({
                label,
                planningMs: Number(top['Planning Time'] ?? 0),
                executionMs: Number(top['Execution Time'] ?? 0),
                triggers: ((top.Triggers as Array<Record<string, unknown>>) ?? []).map((t) => ({
                  name: String(t['Trigger Name']),
                  ms: Number(t.Time),
                  calls: Number(t.Calls),
                })),
              });
              throw new RolledBack();
            })
            .catch((error: unknown) => {
              if (!(error instanceof RolledBack)) throw error;
            });
        }
        const t0 = performance.now();
        const rows = await database.raw.query<R>(text, params, options);
        add(label, performance.now() - t0);
        roundTrips += 1;
        return rows;
      },
      async transaction<T>(fn: (tx: RawSql) => Promise<T>): Promise<T> {
        const explain = explainNext;
        explainNext = false;
        const begin = performance.now();
        let inside = 0;
        let between = 0;
        let lastEnd = 0;
        const result = await database.raw.transaction((tx) =>
          fn({
            async query<R>(text: string, params?: unknown[], options?: QueryOptions): Promise<R[]> {
              const label = labelOf(text);
              const t0 = performance.now();
              if (lastEnd > 0) between += t0 - lastEnd;
              const needsRows = /^\s*SELECT/i.test(text) || /idem_claim/.test(text);
              if (explain) {
                if (needsRows) await tx.query('SAVEPOINT bench_explain');
                const [plan] = await tx.query<{ 'QUERY PLAN': unknown }>(
                  `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`,
                  params,
                );
                const top = (plan?.['QUERY PLAN'] as Array<Record<string, unknown>>)?.[0] ?? {};
                explained.push({
                  label,
                  planningMs: Number(top['Planning Time'] ?? 0),
                  executionMs: Number(top['Execution Time'] ?? 0),
                  triggers: ((top.Triggers as Array<Record<string, unknown>>) ?? []).map((t) => ({
                    name: String(t['Trigger Name']),
                    ms: Number(t.Time),
                    calls: Number(t.Calls),
                  })),
                });
                if (needsRows) await tx.query('ROLLBACK TO SAVEPOINT bench_explain');
                else return [plan as R];
              }
              const rows = await tx.query<R>(text, params, options);
              roundTrips += 1;
              lastEnd = performance.now();
              const ms = lastEnd - t0;
              inside += ms;
              if (!explain) add(label, ms);
              return rows;
            },
          }),
        );
        // JavaScript between statements (deciding, building parameters), and the rest of the
        // transaction's time: pool checkout, BEGIN and COMMIT.
        roundTrips += 2;
        if (!explain) {
          add('(JavaScript between statements)', between);
          add('(BEGIN + COMMIT + pool checkout)', performance.now() - begin - inside - between);
        }
        return result;
      },
    },
  };
  return {
    database: timed,
    /** EXPLAIN ANALYZE the next transaction's statements, or the next statement on its own. */
    explainNext() {
      explainNext = true;
    },
    explained: () => explained.slice(),
    /** Round trips since the last reset (BEGIN and COMMIT included). */
    roundTrips: () => roundTrips,
    reset() {
      roundTrips = 0;
      stats.clear();
      explained.length = 0;
    },
    stats(): StatementStats[] {
      return [...stats.entries()].map(([label, s]) => ({
        label,
        count: s.count,
        meanMs: round(s.totalMs / s.count, 3),
        totalMs: round(s.totalMs, 1),
      }));
    },
  };
}
