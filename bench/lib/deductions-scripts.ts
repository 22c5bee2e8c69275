/**
 * pgbench scripts for bench/deductions.ts: the reference transactions (one bill, 1,000 bills
 * set-based) and, for experiment E6, the deduction route's own statements.
 */

export const SINGLE_SCRIPT = `-- One deduction: lock the voucher, check, ledger row with a unique order number, balance.
\\set vid random(1, :vouchers)
\\set n :n + 1
BEGIN;
SELECT (balance >= :amount)::int AS ok FROM bench_vouchers WHERE id = :vid FOR UPDATE \\gset
\\if :ok
INSERT INTO bench_ledger (order_no, voucher_id, amount)
  VALUES ('S-' || :run::text || '-' || :client_id::text || '-' || :n::text, :vid, :amount);
UPDATE bench_vouchers SET balance = balance - :amount WHERE id = :vid;
\\endif
END;
`;

export const BATCH_SCRIPT = `-- 1,000 deductions set-based: lock 1,000 distinct vouchers in id order, 1,000 ledger rows
-- with unique order numbers, 1,000 balances. The vouchers are spread over the table from a
-- random start (stride 7 is coprime with the table size, so they are distinct).
\\set start random(0, :vouchers - 1)
\\set n :n + 1
BEGIN;
SELECT count(*) AS locked FROM (
  SELECT id FROM bench_vouchers
   WHERE id IN (SELECT ((:start + g * 7) % :vouchers) + 1 FROM generate_series(1, :bills) g)
     AND balance >= :amount
   ORDER BY id FOR UPDATE) l;
INSERT INTO bench_ledger (order_no, voucher_id, amount)
  SELECT 'B-' || :run::text || '-' || :client_id::text || '-' || :n::text || '-' || g::text,
         ((:start + g * 7) % :vouchers) + 1, :amount
    FROM generate_series(1, :bills) g;
UPDATE bench_vouchers SET balance = balance - :amount
 WHERE id IN (SELECT ((:start + g * 7) % :vouchers) + 1 FROM generate_series(1, :bills) g);
END;
`;

/**
 * The statement of POST /deductions (D-ledger-fn-1: one call of yq_deduct, the key, the
 * decision, the writes and the stored answer inside it), for E6. The credit code and the
 * unique order number and key are looked up before it (one extra round trip, which the route
 * does not have); the refusal texts come from a one-row table (pgbench -D values cannot hold
 * spaces).
 */
export const ROUTE_SQL_SCRIPT = `\\set e random(1, :enterprises)
\\set n :n + 1
SELECT credit_code AS code,
       'PO-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ord,
       'PK-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ikey
  FROM bench_codes WHERE n = :e \\gset
SELECT yq_deduct(:client, :operator, :ikey, :hash, now(), '2026-01-01T00:00:00.000Z', true,
                 false, ARRAY[:ord]::text[], ARRAY[:code]::text[], ARRAY['compute']::text[],
                 ARRAY[:amount]::bigint[], ARRAY[NULL]::text[], 'haian-cloud-voucher',
                 (SELECT refusals FROM bench_refusals)) IS NOT NULL AS answered;
`;
