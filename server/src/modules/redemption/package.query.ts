/**
 * Reading a settlement year from the ledger for the redemption package, page by page (keyset on
 * voucher id, and on (created_at, id) for the write-off detail), so no year is ever held in
 * memory. A read model: ledger_transfers, vouchers, voucher_tranches, deductions, reversals,
 * deduction_allocations, star_list_entries/batches and organisations, for the package only.
 */
import type { RawSql } from '../../db/client.js';

export interface VoucherUse {
  voucherId: string;
  enterpriseId: string;
  creditCode: string;
  enterpriseName: string;
  star: number;
  listYear: number;
  amount: number;
  policyId: string;
  grantedAt: Date;
  deducted: number;
  reversed: number;
  voided: number;
  balance: number;
  onPublishedList: boolean;
  deductionsOutsideWindow: number;
  ineligibleDeductions: number;
  netUsedEver: number;
  overReversedDeductions: number;
}

export interface YearWindow {
  year: number;
  start: Date;
  /** Exclusive cut-off: the year's end (final) or the moment asked (preview). */
  asOf: Date;
}

const n = (value: string | number | null) => Number(value ?? 0);

/**
 * How many vouchers were granted before the cut-off: every voucher used in the year is one of
 * them, so it bounds the lines from above (the lines' progress). Counting the vouchers used
 * exactly (DISTINCT over the year's transfers) cost 9 s of a core at 10 M transfers, beside the
 * lines and the detail that want that core.
 */
export async function countVouchersGranted(sql: RawSql, window: YearWindow): Promise<number> {
  const [row] = await sql.query<{ n: string }>(
    'SELECT count(*) AS n FROM vouchers WHERE granted_at < $1',
    [window.asOf],
  );
  return n(row?.n ?? 0);
}

/** How many rows the write-off detail has: the year's deductions and reversals to the cut-off. */
export async function countWriteOffs(sql: RawSql, window: YearWindow): Promise<number> {
  const [row] = await sql.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM deductions WHERE settlement_year = $1 AND created_at < $2)
          + (SELECT count(*) FROM reversals WHERE settlement_year = $1 AND created_at < $2) AS n`,
    [window.year, window.asOf],
  );
  return n(row?.n ?? 0);
}

/** The ledger's figures of one voucher used in the year; the deduction checks come apart. */
export type VoucherLedgerFacts = Omit<
  VoucherUse,
  'deductionsOutsideWindow' | 'ineligibleDeductions' | 'overReversedDeductions'
>;

/**
 * The next page of vouchers used in the year, after `afterVoucherId`, with their ledger facts.
 * One range scan of `ledger_transfers_voucher_idx` (voucher_id, covering kind, year, time and
 * amount) read in voucher order and grouped as it goes: every figure of a voucher comes from
 * its own transfers, so a page costs its vouchers' transfers and nothing of the rest of the
 * year (the former per-voucher subqueries joined tranches to transfers three times a voucher).
 * A tranche's balance is counted by kind as `ledger verify` counts it: grant and restore in,
 * deduct and expire out (reversal_void moves redeemed → void, not the tranche).
 */
export async function vouchersUsedPage(
  sql: RawSql,
  window: YearWindow,
  afterVoucherId: string,
  limit: number,
): Promise<VoucherLedgerFacts[]> {
  const rows = await sql.query<Record<string, string | number | boolean | Date | null>>(
    `WITH used AS (
       SELECT voucher_id,
              coalesce(sum(amount) FILTER (WHERE settlement_year = $1 AND kind = 'deduct'
                                             AND effective_at < $2), 0) AS deducted,
              coalesce(sum(amount) FILTER (WHERE settlement_year = $1
                                             AND kind IN ('restore', 'reversal_void')
                                             AND effective_at < $2), 0) AS reversed,
              coalesce(sum(CASE WHEN kind IN ('grant', 'restore') THEN amount ELSE -amount END)
                       FILTER (WHERE kind IN ('grant', 'restore', 'deduct', 'expire')
                                 AND effective_at < $2), 0) AS balance,
              coalesce(sum(amount) FILTER (WHERE kind IN ('expire', 'reversal_void')
                                             AND effective_at >= $5 AND effective_at < $2), 0)
                AS voided,
              coalesce(sum(CASE WHEN kind = 'deduct' THEN amount ELSE -amount END)
                       FILTER (WHERE kind IN ('deduct', 'restore') AND effective_at < $2), 0)
                AS net_used_ever
         FROM ledger_transfers
        WHERE voucher_id > $3
        GROUP BY voucher_id
       HAVING count(*) FILTER (WHERE settlement_year = $1
                                 AND kind IN ('deduct', 'restore', 'reversal_void')
                                 AND effective_at < $2) > 0
        ORDER BY voucher_id LIMIT $4)
     SELECT u.voucher_id, u.deducted, u.reversed, u.balance, u.voided, u.net_used_ever,
            v.enterprise_id, v.credit_code, v.enterprise_name, v.star, v.list_year, v.amount,
            v.policy_id, v.granted_at,
            EXISTS (SELECT 1 FROM star_list_entries e JOIN star_list_batches b ON b.id = e.batch_id
                     WHERE e.credit_code = v.credit_code AND e.list_year = v.list_year
                       AND b.status = 'published') AS on_list
       FROM used u JOIN vouchers v ON v.id = u.voucher_id
      ORDER BY u.voucher_id`,
    [window.year, window.asOf, afterVoucherId, limit, window.start],
  );
  return rows.map((row) => ({
    voucherId: String(row.voucher_id),
    enterpriseId: String(row.enterprise_id),
    creditCode: String(row.credit_code),
    enterpriseName: String(row.enterprise_name),
    star: n(row.star as number),
    listYear: n(row.list_year as number),
    amount: n(row.amount as string),
    policyId: String(row.policy_id),
    grantedAt: new Date(row.granted_at as Date),
    deducted: n(row.deducted as string),
    reversed: n(row.reversed as string),
    voided: n(row.voided as string),
    balance: n(row.balance as string),
    onPublishedList: Boolean(row.on_list),
    netUsedEver: n(row.net_used_ever as string),
  }));
}

export interface DeductionChecks {
  deductionsOutsideWindow: number;
  ineligibleDeductions: number;
  overReversedDeductions: number;
}

/**
 * Where an enterprise's deductions of the year drew, as time ranges: each range holds the
 * deductions (all of them, and only them) that drew on exactly the tranches `trancheIds`
 * (comma-joined; '' when none). Ranges are in milliseconds as node-postgres reads the
 * deductions' `created_at` (the detail reads the same column the same way), closed at both
 * ends, sorted and pairwise disjoint. `null`: the enterprise's deductions cannot be told apart
 * by time (a deduction drew on two tranches, or two tranches were drawn on within one range),
 * so the detail looks up those rows' allocations.
 */
export type TrancheRanges = Map<
  string,
  Array<{ from: number; to: number; trancheIds: string }> | null
>;

export interface DeductionYear {
  checks: Map<string, DeductionChecks>;
  ranges: TrancheRanges;
}

/**
 * One pass over the year's deductions and their allocations (a hash join, D-redemption-pg-1)
 * gives two things:
 * - the cross-checks that read deductions rather than transfers, only for the vouchers where
 *   one fires: a deduction of the year outside the window of a tranche it drew on (counted per
 *   allocation), a deduction of an ineligible category (counted once per voucher), a deduction
 *   whose reversals (ever) exceed it;
 * - `ranges`: which tranches each enterprise's deductions drew on, by time, so the detail can
 *   label its rows without looking up each deduction's allocations (ten million index probes
 *   at 10 M transfers).
 * Grouped by tranche, with aggregates of a fixed-size state only (min, max, count), so that
 * PostgreSQL hashes the groups (an `array_agg` makes it assume 8 kB a group and sort the year
 * instead). The tranches a deduction drew on belong to its enterprise's vouchers, so each
 * tranche's deductions are one enterprise's; when they are not (bad data), no ranges are
 * given and the detail looks every row up, as before. The ineligible deductions are counted
 * once per voucher by a second statement, run only when the first found some (it reads the
 * year's deductions again, then their allocations by key).
 */
export async function deductionYear(
  sql: RawSql,
  window: YearWindow,
  eligibleCategories: readonly string[],
): Promise<DeductionYear> {
  const [groups, overReversed] = await Promise.all([
    sql.query<{
      tranche_id: string | null;
      voucher_id: string | null;
      first_enterprise: string;
      last_enterprise: string;
      first_at: Date;
      last_at: Date;
      outside_window: string;
      ineligible: string;
    }>(
      `SELECT a.tranche_id, max(tr.voucher_id) AS voucher_id,
              min(d.enterprise_id COLLATE "C") AS first_enterprise,
              max(d.enterprise_id COLLATE "C") AS last_enterprise,
              min(d.created_at) AS first_at, max(d.created_at) AS last_at,
              count(*) FILTER (WHERE d.created_at < tr.active_from
                                  OR d.created_at >= tr.expires_at) AS outside_window,
              count(*) FILTER (WHERE tr.id IS NOT NULL
                                 AND NOT (d.category = ANY($2::text[]))) AS ineligible
         FROM deductions d
         LEFT JOIN deduction_allocations a ON a.deduction_id = d.id
         LEFT JOIN voucher_tranches tr ON tr.id = a.tranche_id
        WHERE d.settlement_year = $1
        GROUP BY a.tranche_id`,
      [window.year, eligibleCategories],
    ),
    // The reversals are few: summed per deduction first, then each such deduction looked up.
    sql.query<{ voucher_id: string; over_reversed: string }>(
      `SELECT tr.voucher_id, count(DISTINCT x.deduction_id) AS over_reversed
         FROM (SELECT r.deduction_id, sum(r.amount) AS reversed FROM reversals r
                GROUP BY r.deduction_id) x
         JOIN deductions d ON d.id = x.deduction_id
         JOIN deduction_allocations a ON a.deduction_id = x.deduction_id
         JOIN voucher_tranches tr ON tr.id = a.tranche_id
        WHERE x.reversed > d.deducted
        GROUP BY tr.voucher_id`,
    ),
  ]);
  const checks = new Map<string, DeductionChecks>();
  const checksOf = (voucherId: string) => {
    let found = checks.get(voucherId);
    if (!found) {
      found = { deductionsOutsideWindow: 0, ineligibleDeductions: 0, overReversedDeductions: 0 };
      checks.set(voucherId, found);
    }
    return found;
  };
  let anyIneligible = false;
  let oneEnterpriseEach = true;
  const byEnterprise = new Map<string, Array<{ from: number; to: number; trancheIds: string }>>();
  for (const row of groups) {
    if (row.voucher_id !== null) {
      const outside = n(row.outside_window);
      if (outside > 0) checksOf(row.voucher_id).deductionsOutsideWindow += outside;
      if (n(row.ineligible) > 0) anyIneligible = true;
    }
    if (row.first_enterprise !== row.last_enterprise) oneEnterpriseEach = false;
    const enterpriseId = String(row.first_enterprise);
    const list = byEnterprise.get(enterpriseId) ?? [];
    list.push({
      from: new Date(row.first_at).getTime(),
      to: new Date(row.last_at).getTime(),
      trancheIds: row.tranche_id === null ? '' : String(row.tranche_id),
    });
    byEnterprise.set(enterpriseId, list);
  }
  if (anyIneligible) {
    const ineligible = await sql.query<{ voucher_id: string; ineligible: string }>(
      `SELECT tr.voucher_id, count(DISTINCT d.id) AS ineligible
         FROM deductions d
         JOIN deduction_allocations a ON a.deduction_id = d.id
         JOIN voucher_tranches tr ON tr.id = a.tranche_id
        WHERE d.settlement_year = $1 AND NOT (d.category = ANY($2::text[]))
        GROUP BY tr.voucher_id`,
      [window.year, eligibleCategories],
    );
    for (const row of ineligible) checksOf(row.voucher_id).ineligibleDeductions = n(row.ineligible);
  }
  for (const row of overReversed) {
    checksOf(row.voucher_id).overReversedDeductions += n(row.over_reversed);
  }
  // A deduction drawn on two tranches lies in both groups' ranges, so disjoint ranges mean
  // every deduction of the enterprise drew on exactly its range's tranches (or none).
  const ranges: TrancheRanges = new Map();
  if (oneEnterpriseEach) {
    for (const [enterpriseId, list] of byEnterprise) {
      list.sort((a, b) => a.from - b.from);
      const disjoint = list.every((range, k) => k === 0 || (list[k - 1]?.to ?? 0) < range.from);
      ranges.set(enterpriseId, disjoint ? list : null);
    }
  }
  return { checks, ranges };
}

/**
 * Net write-off of the year by service category (a reversal counts in its deduction's), from
 * the ledger's transfers of the year. One statement for the year; the build runs it beside the
 * other year-wide figures.
 */
export async function netByCategory(
  sql: RawSql,
  window: YearWindow,
): Promise<Record<string, number>> {
  const rows = await sql.query<{ category: string; net: string }>(
    `SELECT d.category,
            sum(CASE WHEN t.kind = 'deduct' THEN t.amount ELSE -t.amount END) AS net
       FROM ledger_transfers t JOIN deductions d ON d.id = t.deduction_id
      WHERE t.settlement_year = $1 AND t.kind IN ('deduct', 'restore', 'reversal_void')
        AND t.effective_at < $2
      GROUP BY d.category`,
    [window.year, window.asOf],
  );
  return Object.fromEntries(rows.map((row) => [row.category, Number(row.net)]));
}

/** The ledger's own figure: what `redeemed:<year>` has received less what it gave back. */
export async function ledgerNetWriteOff(sql: RawSql, window: YearWindow): Promise<number> {
  const [row] = await sql.query<{ net: string | null }>(
    `SELECT sum(CASE WHEN kind = 'deduct' THEN amount ELSE -amount END) AS net
       FROM ledger_transfers
      WHERE settlement_year = $1 AND kind IN ('deduct', 'restore', 'reversal_void')
        AND effective_at < $2`,
    [window.year, window.asOf],
  );
  return n(row?.net ?? 0);
}

export interface WriteOffEvent {
  type: 'deduction' | 'reversal';
  id: string;
  /**
   * When, in epoch milliseconds: the instant truncated to the millisecond, as a `Date` read by
   * node-postgres holds it (the tranche ranges of `deductionYear` are read that way too).
   */
  at: number;
  /** The same instant in epoch microseconds, exact, as text: the next page's keyset cursor. */
  atMicros: string;
  orderNo: string;
  creditCode: string;
  enterpriseName: string;
  category: string;
  /** Fen. */
  amount: number;
  /** The deduction a reversal undoes. */
  deductionId: string;
  tranches: string;
}

type Range = { from: number; to: number; trancheIds: string };

/** What the detail knows of one enterprise: its name, and its tranche ranges once known. */
interface EnterpriseEntry {
  name: string | undefined;
  /** The `ranges` map `list` was taken from (they arrive during the build). */
  rangesOf: TrancheRanges | null;
  list: Range[] | null | undefined;
  /** The range that held this enterprise's last row: rows come in time order. */
  hint: number;
}

/**
 * Names and tranche numbers the write-off detail shows, looked up once a build rather than once
 * a row: at most one entry per enterprise and per tranche, however many rows the year has.
 */
export interface WriteOffLookups {
  enterprises: Map<string, EnterpriseEntry>;
  trancheSeqs: Map<string, number>;
  /** A deduction's tranche ids (comma-joined) → 第1期、第2期. */
  trancheLabels: Map<string, string>;
  /**
   * Which tranches each enterprise's deductions drew on, by time (`deductionYear`), once
   * known: a deduction whose enterprise and time fall in one of its ranges takes that range's
   * tranches; only the others have their allocations looked up.
   */
  ranges: TrancheRanges | null;
}

export const newWriteOffLookups = (): WriteOffLookups => ({
  enterprises: new Map(),
  trancheSeqs: new Map(),
  trancheLabels: new Map(),
  ranges: null,
});

/** The tranches of the enterprise's range holding `at`, or undefined when no range says. */
function trancheIdsByTime(
  entry: EnterpriseEntry,
  ranges: TrancheRanges | null,
  enterpriseId: string,
  at: number,
): string | undefined {
  if (ranges === null) return undefined;
  if (entry.rangesOf !== ranges) {
    entry.rangesOf = ranges;
    entry.list = ranges.get(enterpriseId);
    entry.hint = 0;
  }
  const list = entry.list;
  if (!list) return undefined;
  // The row after the last one of this enterprise is usually in the same range or the next.
  const hinted = list[entry.hint];
  if (hinted !== undefined && at >= hinted.from) {
    if (at <= hinted.to) return hinted.trancheIds;
    const next = list[entry.hint + 1];
    if (next !== undefined && at >= next.from && at <= next.to) {
      entry.hint += 1;
      return next.trancheIds;
    }
  }
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = list[middle];
    if (range === undefined) return undefined;
    if (at < range.from) high = middle - 1;
    else if (at > range.to) low = middle + 1;
    else {
      entry.hint = middle;
      return range.trancheIds;
    }
  }
  return undefined;
}

/** Columns of a detail page's rows, in SELECT order (the rows come as arrays). */
const ID = 0;
const AT_MICROS = 1;
const ORDER_NO = 2;
const CREDIT_CODE = 3;
const ENTERPRISE_ID = 4;
const CATEGORY = 5;
const AMOUNT = 6;
const DEDUCTION_ID = 7;
type PageRow = Array<string | null>;

/**
 * A page of the year's deductions, or of its reversals, in time order after the cursor: a range
 * of `deductions_year_created_idx` / `reversals_year_created_idx` (keyset on created_at, id).
 * The time comes as exact epoch microseconds (text), not as a timestamp parsed into a `Date` a
 * row: the cursor is then the row's own instant (a `Date`'s milliseconds fell short of it, so
 * the row a page ended on, unless on a whole millisecond, came again at the top of the next
 * page), and the milliseconds the detail shows and compares are worked out with one division.
 * Rows come as arrays (no object a row). Each deduction's tranches come from `lookups.ranges`
 * when they say, else from its allocations (one statement for the page's other deductions).
 * The enterprise's name and the tranche numbers come from `lookups`, filled for the ids not
 * seen yet.
 */
export async function writeOffPage(
  sql: RawSql,
  window: YearWindow,
  type: 'deduction' | 'reversal',
  after: { atMicros: string; id: string } | null,
  limit: number,
  lookups: WriteOffLookups = newWriteOffLookups(),
): Promise<WriteOffEvent[]> {
  const params: unknown[] = [window.year, window.asOf, limit];
  // After the cursor, rebuilt exactly from its microseconds; the first page has none.
  let cursor = '';
  if (after) {
    params.push(after.atMicros, after.id);
    cursor = `AND (%.created_at, %.id) >
                  (timestamptz 'epoch' + $4::bigint * interval '1 microsecond', $5)`;
  }
  const micros = (alias: string) =>
    `(extract(epoch FROM ${alias}.created_at) * 1000000)::bigint::text AS at_micros`;
  const raw =
    type === 'deduction'
      ? await sql.query<PageRow | Record<string, string | null>>(
          `SELECT d.id, ${micros('d')}, d.order_no, d.credit_code, d.enterprise_id,
                  d.category, d.deducted::text AS amount
             FROM deductions d
            WHERE d.settlement_year = $1 AND d.created_at < $2 ${cursor.replaceAll('%', 'd')}
            ORDER BY d.created_at, d.id LIMIT $3`,
          params,
          { rowMode: 'array' },
        )
      : await sql.query<PageRow | Record<string, string | null>>(
          `SELECT r.id, ${micros('r')}, d.order_no, d.credit_code, d.enterprise_id,
                  d.category, r.amount::text AS amount, d.id AS deduction_id
             FROM reversals r JOIN deductions d ON d.id = r.deduction_id
            WHERE r.settlement_year = $1 AND r.created_at < $2 ${cursor.replaceAll('%', 'r')}
            ORDER BY r.created_at, r.id LIMIT $3`,
          params,
          { rowMode: 'array' },
        );
  // A RawSql that does not honour rowMode gives objects, their keys in SELECT order.
  const rows = raw.map((row) => (Array.isArray(row) ? row : Object.values(row))) as PageRow[];
  const { enterprises, trancheSeqs, trancheLabels, ranges } = lookups;
  const count = rows.length;
  const entries: EnterpriseEntry[] = new Array(count);
  const ats: number[] = new Array(count);
  const trancheIdsOf: Array<string | undefined> = new Array(count);
  const unseenEnterprises = new Set<string>();
  const unknown: string[] = [];
  for (let k = 0; k < count; k++) {
    const row = rows[k] as PageRow;
    const enterpriseId = String(row[ENTERPRISE_ID]);
    let entry = enterprises.get(enterpriseId);
    if (entry === undefined) {
      entry = { name: undefined, rangesOf: null, list: undefined, hint: 0 };
      enterprises.set(enterpriseId, entry);
      unseenEnterprises.add(enterpriseId);
    }
    entries[k] = entry;
    // Exact: below 2^53, and a whole number of microseconds over 1000 never lands within a
    // double's rounding of the next whole millisecond.
    const at = Math.floor(Number(row[AT_MICROS]) / 1000);
    ats[k] = at;
    if (type === 'deduction') {
      const trancheIds = trancheIdsByTime(entry, ranges, enterpriseId, at);
      trancheIdsOf[k] = trancheIds;
      if (trancheIds === undefined) unknown.push(String(row[ID]));
    } else {
      trancheIdsOf[k] = '';
    }
  }
  if (unknown.length > 0) {
    const allocations = await sql.query<{ deduction_id: string; tranche_ids: string }>(
      `SELECT deduction_id, string_agg(tranche_id, ',') AS tranche_ids
         FROM deduction_allocations WHERE deduction_id = ANY($1::text[])
        GROUP BY deduction_id`,
      [unknown],
    );
    const byDeduction = new Map(allocations.map((a) => [a.deduction_id, a.tranche_ids]));
    for (let k = 0; k < count; k++) {
      if (trancheIdsOf[k] === undefined) {
        trancheIdsOf[k] = byDeduction.get(String(rows[k]?.[ID])) ?? '';
      }
    }
  }
  const unseenTranches = new Set<string>();
  for (const trancheIds of trancheIdsOf) {
    if (trancheIds && !trancheLabels.has(trancheIds)) {
      for (const trancheId of trancheIds.split(',')) {
        if (!trancheSeqs.has(trancheId)) unseenTranches.add(trancheId);
      }
    }
  }
  if (unseenEnterprises.size > 0) {
    const names = await sql.query<{ id: string; name: string }>(
      'SELECT id, name FROM organisations WHERE id = ANY($1::text[])',
      [[...unseenEnterprises]],
    );
    for (const { id, name } of names) {
      const entry = enterprises.get(id);
      if (entry) entry.name = name;
    }
  }
  if (unseenTranches.size > 0) {
    const seqs = await sql.query<{ id: string; seq: number }>(
      'SELECT id, seq FROM voucher_tranches WHERE id = ANY($1::text[])',
      [[...unseenTranches]],
    );
    for (const { id, seq } of seqs) trancheSeqs.set(id, Number(seq));
  }
  // The labels of a set of tranches, worked out once per set (a deduction draws on one or two
  // tranches of one voucher: at most a few sets per voucher, however many rows).
  const labelOf = (trancheIds: string | undefined): string => {
    if (!trancheIds) return '';
    let label = trancheLabels.get(trancheIds);
    if (label === undefined) {
      label = trancheIds
        .split(',')
        .map((id) => trancheSeqs.get(id))
        .filter((seq): seq is number => seq !== undefined)
        .sort((a, b) => a - b)
        .map((seq) => `第${seq}期`)
        .join('、');
      trancheLabels.set(trancheIds, label);
    }
    return label;
  };
  const events: WriteOffEvent[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const row = rows[k] as PageRow;
    const id = String(row[ID]);
    events[k] = {
      type,
      id,
      at: ats[k] as number,
      atMicros: String(row[AT_MICROS]),
      orderNo: String(row[ORDER_NO]),
      creditCode: String(row[CREDIT_CODE]),
      // A deduction always names an enterprise of the platform; were one missing, its row
      // stays in the detail (with no name) so the sheet still adds up to the ledger.
      enterpriseName: entries[k]?.name ?? '',
      category: String(row[CATEGORY]),
      amount: Number(row[AMOUNT]),
      deductionId: type === 'deduction' ? id : String(row[DEDUCTION_ID]),
      tranches: labelOf(trancheIdsOf[k]),
    };
  }
  return events;
}
