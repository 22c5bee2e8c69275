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
 * The statements of POST /deductions (idempotency.ts + deduct.ts for one bill, the key
 * folded in, D13), for E6. The enterprise, deduction id and order number are looked up before
 * BEGIN (one extra round trip outside the transaction, which the route does not have); the
 * allocation decision made in JavaScript is replaced by "the whole bill from the one active
 * tranche".
 */
export const ROUTE_SQL_SCRIPT = `\\set e random(1, :enterprises)
\\set n :n + 1
SELECT credit_code AS code, gen_random_uuid()::text AS did,
       'PO-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ord,
       'PK-' || :run::text || '-' || :client_id::text || '-' || :n::text AS ikey
  FROM bench_codes WHERE n = :e \\gset
BEGIN;
WITH idem_claim AS (
  INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
  VALUES (:client, :ikey, :hash, 'in_progress', now()) ON CONFLICT DO NOTHING RETURNING 1
)
SELECT c.claimed, l.id AS tid, l.voucher_id AS vid, l.enterprise_id AS eid
  FROM (SELECT count(*)::int AS claimed FROM idem_claim) c
  LEFT JOIN LATERAL (
    SELECT t.id, t.voucher_id, v.enterprise_id, t.credit_code, v.policy_id, t.balance,
           t.active_from, t.expires_at
      FROM voucher_tranches t JOIN vouchers v ON v.id = t.voucher_id
     WHERE c.claimed = 1 AND t.credit_code = ANY(ARRAY[:code]::text[])
       AND t.active_from <= now() AND t.expires_at > now() AND t.balance > 0
     ORDER BY t.id FOR UPDATE OF t) l ON true \\gset
WITH new_deductions AS (
  INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
    deducted, payable, description, settlement_year, client_id, operator_id, created_at)
  SELECT d.*, :client, :operator, now()
    FROM unnest(ARRAY[:did]::text[], ARRAY[:ord]::text[], ARRAY[:eid]::text[], ARRAY[:code]::text[],
                ARRAY['compute']::text[], ARRAY[:amount]::bigint[], ARRAY[:amount]::bigint[],
                ARRAY[0]::bigint[], ARRAY[NULL]::text[], ARRAY[:year]::int[]) AS d
),
alloc AS (
  SELECT * FROM unnest(ARRAY[:did]::text[], ARRAY[:tid]::text[], ARRAY[:vid]::text[],
                       ARRAY[:amount]::bigint[], ARRAY[:year]::int[])
    AS a(deduction_id, tranche_id, voucher_id, amount, settlement_year)
),
per_tranche AS (SELECT tranche_id, sum(amount) AS amount FROM alloc GROUP BY tranche_id),
moved AS (
  UPDATE voucher_tranches t SET balance = t.balance - p.amount, used = t.used + p.amount
    FROM per_tranche p WHERE t.id = p.tranche_id
),
new_allocations AS (
  INSERT INTO deduction_allocations (deduction_id, tranche_id, amount)
  SELECT deduction_id, tranche_id, amount FROM alloc
),
idem_store AS (
  UPDATE idempotency_keys SET state = 'done', status_code = 201, response = :resp::jsonb
   WHERE client_id = :client AND key = :ikey
)
INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
  voucher_id, tranche_id, deduction_id, settlement_year)
SELECT gen_random_uuid()::text, 'deduct', 'tranche:' || tranche_id,
       'redeemed:' || settlement_year, amount, now(), voucher_id, tranche_id,
       deduction_id, settlement_year
  FROM alloc;
END;
`;

/** A stored response of the size the route stores (pgbench -D values cannot hold spaces). */
export const SAMPLE_RESPONSE = JSON.stringify({
  deductionId: '3f1c2a0e-7b5d-4c9a-9e61-0a4b5c6d7e8f',
  orderNo: 'S-000000-00-000000',
  requested: 200,
  deducted: 200,
  payable: 0,
  allocations: [{ trancheId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', amount: 200 }],
  availableAfter: 3499800,
  createdAt: '2026-01-01T00:00:00.000Z',
});
