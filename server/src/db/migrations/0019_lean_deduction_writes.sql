-- Less written per deduction (D-ledger-rows-1, issue 9 item 2). Measured first, per call of
-- yq_deduct as the route makes it, WAL attributed per relation with pg_walinspect
-- (docs/benchmarks.md section 19, `bench/deduct-cost.ts`):
--
-- 1. Three indexes nobody reads are dropped. `ledger_transfers_tranche_idx` and
--    `ledger_transfers_deduction_idx`: no query looks transfers up by tranche or by deduction
--    (`ledger verify` groups the whole table — same plans without them —, the redemption
--    package reads by voucher through ledger_transfers_voucher_idx, reversals read the
--    allocations). `audit_log_actor_idx`: the audit search's actor filter is
--    `actor_user_id = $1 OR actor_name ILIKE … OR EXISTS (…)`, which no index can serve.
--    (`audit_log_action_idx` stays: the search's `action LIKE 'prefix%'` uses it where the
--    collation is C, as on PGlite.) Each was one more index entry per deduction; the two
--    transfer ones at a random place in the index. (IF EXISTS: this file is also run again
--    as it stands by the oracle test and the bench, which install yq_deduct from it.)
DROP INDEX IF EXISTS "audit_log_actor_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "ledger_transfers_tranche_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "ledger_transfers_deduction_idx";--> statement-breakpoint
-- 2. A tranche's balance is updated by every deduction it pays; none of the updated columns
--    (balance, used, voided, expiry_recorded_at) is indexed, so the new row version can stay
--    on its page (a HOT update, no entry in the three indexes) when the page has room. At
--    the default fillfactor (100) a page has room only once pruning has removed the dead
--    versions of earlier updates, and pruning waits for the oldest snapshot open in the
--    database: measured, 95-99 % of the updates were HOT in a quiet window, but while another
--    session held a snapshot for minutes (a long report or the package's year-wide
--    statements do) 40-70 % went to another page, three index entries each. New and moved
--    rows now leave 30 % of each page free (a tranche row is ~190 bytes: a dozen updates'
--    room). Existing pages are not rewritten here (that would lock the table for the
--    rewrite): rows move to pages with room as they are updated.
ALTER TABLE "voucher_tranches" SET (fillfactor = 70);--> statement-breakpoint
-- 3. Ids in time order. A random UUID lands each new deduction, allocation, transfer and
--    audit row's key at a random leaf of its unique index: a page read into memory and, the
--    first time it changes after a checkpoint, written whole into the WAL (a full-page
--    image, 8 kB). A UUID version 7 (RFC 9562: 48 bits of Unix milliseconds, then 74 random
--    bits) is still a UUID, as unguessable for practical purposes, but new keys go to the
--    right-hand edge of the index, where the pages are already in memory and already
--    imaged. PostgreSQL 15 has no uuidv7(); this is the RFC's layout over gen_random_uuid():
--    its first six bytes replaced by the time, its version nibble 4 turned into 7 by
--    setting bits 52 and 53 (set_bit counts the low bit of each byte first); the variant
--    bits stay 10. The server makes the audit rows' ids the same way (lib/uuid7.ts).
CREATE OR REPLACE FUNCTION yq_uuid7() RETURNS text LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(
           set_bit(set_bit(
             overlay(uuid_send(gen_random_uuid())
                     PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                     FROM 1 FOR 6),
             52, 1), 53, 1),
           'hex')::uuid::text
$$;--> statement-breakpoint
-- yq_deduct of 0017, unchanged but for its ids: the deduction's and its transfers'
-- `gen_random_uuid()::text` are now `yq_uuid7()`. (yq_deduct_batch keeps its own.)
--
-- Deductions in one call (D-ledger-fn-1). The whole decision of a deduction — the
-- idempotency key, the tranche locks in id order, the expiring-first allocation under the
-- coverage cap, the writes and the stored answer — runs here, as one statement sent in one
-- round trip. The rules are those of server/src/domain/allocation.ts and
-- server/src/modules/ledger/deduct.ts; the TypeScript rules stay the oracle: the tests in
-- server/test/ledger compare this function's decisions with them, and show that a wrong
-- variant of it is caught.
--
-- Arguments:
--   p_key / p_request_hash  the Idempotency-Key and the request's hash; p_key NULL = no key
--                           (service callers inside their own transaction)
--   p_one                   the single-bill route: a refused bill refuses the call (nothing
--                           is stored with the key, so a retry is decided afresh)
--   p_precheck              look up the batch's order numbers before deciding (batches);
--                           a single bill relies on the unique index
--   p_created_at            the response's createdAt, exactly as the caller formats p_now
--   p_programme             whose policy in force words a refusal of a bill without tranches
--   p_refusals              per refusal code: {status, title, detail}; detail is a format()
--                           template (the wording lives with the error codes in TypeScript)
-- Returns one of:
--   {"replay": {request_hash, state, status_code, response}}   a twin holds the key
--   {"response": {status, body}}                              answered and stored with the key
--   {"refused": outcome}        the call is refused (p_one, or a single bill's order number
--                               taken at the insert); the key row is removed again
--   {"outcomes": [outcome…]}    no key: one outcome per bill, for the caller to present
-- outcome = {"ok": true, "result": {…}} | {"ok": false, "code", "detail", "eligible"?}
-- Raises SQLSTATE YQ001 when a batch's order number was taken between the pre-check and the
-- insert (the caller retries the whole call), YQ002 when no policy is in force.
CREATE OR REPLACE FUNCTION yq_deduct(
  p_client_id text,
  p_operator_id text,
  p_key text,
  p_request_hash text,
  p_now timestamptz,
  p_created_at text,
  p_one boolean,
  p_precheck boolean,
  p_order_nos text[],
  p_credit_codes text[],
  p_categories text[],
  p_amounts bigint[],
  p_descriptions text[],
  p_programme text,
  p_refusals jsonb,
  -- The request's audit row (audit_record's argument, from auditRecordForSql), written in
  -- this same statement's transaction when the call commits a decision (D-audit-tx-3).
  p_audit jsonb DEFAULT NULL
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  n int := coalesce(array_length(p_order_nos, 1), 0);
  -- The locked tranches, in (credit code, id) order: the order the TypeScript rules walk an
  -- enterprise's tranches in (first eligible → time zone; categories seen, in order).
  t_id text[]; t_voucher text[]; t_enterprise text[]; t_balance bigint[];
  t_cats jsonb[]; t_cap int[]; t_tz text[];
  -- Indexes into t_*, per credit code in draw order: expiring first, then activation, then id.
  t_draw int[];
  -- Per bill: where its enterprise's tranches start in t_* and t_draw, and how many.
  i_first int[]; i_count int[];
  -- Per bill: its order number already used (batches), and the previous bill of the call
  -- with the same order number.
  i_preused boolean[]; i_prev int[];
  i_seen_ok boolean[] := '{}';
  v_in_force jsonb;
  v_outcomes jsonb[] := '{}';
  v_outcome jsonb;
  -- The decided bills and their allocations, written set-based at the end.
  w_id text[] := '{}'; w_order text[] := '{}'; w_enterprise text[] := '{}';
  w_code text[] := '{}'; w_category text[] := '{}'; w_requested bigint[] := '{}';
  w_deducted bigint[] := '{}'; w_payable bigint[] := '{}'; w_description text[] := '{}';
  w_year int[] := '{}';
  a_deduction text[] := '{}'; a_tranche text[] := '{}'; a_voucher text[] := '{}';
  a_amount bigint[] := '{}'; a_year int[] := '{}';
  i int; k int; d int; v_first int; v_last int;
  v_code text; v_detail text; v_eligible jsonb; v_seen jsonb;
  v_cap int; v_tz text; v_enterprise text; v_coverable bigint; v_remaining bigint; v_take bigint;
  v_available bigint; v_allocations jsonb; v_deduction_id text; v_year int; v_written int;
  v_response jsonb; v_body jsonb;
  -- Counts of decided bills and of their allocations. Arrays grow by subscript assignment,
  -- which PL/pgSQL does in place; `arr := arr || x` copies the array every time (a
  -- 1,000-bill batch spent most of its time there).
  wn int := 0; an int := 0;
  -- The fast path's tranches (step 1b), in draw order; f_pays: its policy allows the category.
  f_id text[]; f_voucher text[]; f_balance bigint[]; f_pays boolean[];
BEGIN
  -- 1. The key first: a twin blocks here on the primary key until the first commits, then
  --    finds it taken and reads the stored answer (a new statement sees the twin's commit).
  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (client_id, key, request_hash, state, created_at)
    VALUES (p_client_id, p_key, p_request_hash, 'in_progress', p_now)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      RETURN jsonb_build_object('replay', (
        SELECT jsonb_build_object('request_hash', ik.request_hash, 'state', ik.state,
                                  'status_code', ik.status_code, 'response', ik.response)
          FROM idempotency_keys ik WHERE ik.client_id = p_client_id AND ik.key = p_key));
    END IF;
  END IF;

  -- 1b. One bill (D-ledger-fn-3): paid here when it can be, with small statements whose
  --     generic plans PL/pgSQL keeps. Same rules as step 4 for one bill: the tranches of
  --     the credit code that can be drawn now, locked in id order; those whose policy allows
  --     the category pay, expiring first (then activation, then id in byte order), under the
  --     strictest cap among them; time zone and enterprise from the first of them in id
  --     order. A bill this cannot pay continues to step 2, which words the refusal.
  IF n = 1 AND NOT p_precheck AND p_amounts[1] > 0 THEN
    SELECT array_agg(l.id ORDER BY l.expires_at, l.active_from, l.id COLLATE "C"),
           array_agg(l.voucher_id ORDER BY l.expires_at, l.active_from, l.id COLLATE "C"),
           array_agg(l.balance ORDER BY l.expires_at, l.active_from, l.id COLLATE "C"),
           array_agg(l.pays ORDER BY l.expires_at, l.active_from, l.id COLLATE "C"),
           least(10000, min(l.pcap) FILTER (WHERE l.pays)),
           (array_agg(l.ptz ORDER BY l.id) FILTER (WHERE l.pays))[1],
           (array_agg(l.enterprise_id ORDER BY l.id) FILTER (WHERE l.pays))[1]
      INTO f_id, f_voucher, f_balance, f_pays, v_cap, v_tz, v_enterprise
      FROM (SELECT t.id, t.voucher_id, v.enterprise_id, t.balance, t.active_from, t.expires_at,
                   coalesce((p.document->'eligibleCategories') ? p_categories[1], false) AS pays,
                   (p.document->>'coverageCapBasisPoints')::int AS pcap,
                   p.document->>'timeZone' AS ptz
              FROM voucher_tranches t
              JOIN vouchers v ON v.id = t.voucher_id
              JOIN policies p ON p.id = v.policy_id
             WHERE t.credit_code = p_credit_codes[1] AND t.active_from <= p_now
               AND t.expires_at > p_now AND t.balance > 0
             ORDER BY t.id
               FOR UPDATE OF t) l;
    IF v_tz IS NOT NULL THEN
      -- min(bill × cap, balance), rounded down to the fen, as in step 4.
      v_coverable := (p_amounts[1] / 10000) * v_cap + ((p_amounts[1] % 10000) * v_cap) / 10000;
      v_remaining := v_coverable;
      v_allocations := '[]'::jsonb;
      FOR d IN 1..array_length(f_id, 1) LOOP
        EXIT WHEN v_remaining = 0;
        CONTINUE WHEN f_balance[d] <= 0 OR NOT f_pays[d];
        v_take := least(f_balance[d], v_remaining);
        v_remaining := v_remaining - v_take;
        f_balance[d] := f_balance[d] - v_take;
        an := an + 1;
        a_tranche[an] := f_id[d];
        a_voucher[an] := f_voucher[d];
        a_amount[an] := v_take;
        v_allocations := v_allocations || jsonb_build_object('trancheId', f_id[d], 'amount', v_take);
      END LOOP;
    END IF;
    IF an > 0 THEN
      v_deduction_id := yq_uuid7();
      v_year := extract(year FROM p_now AT TIME ZONE v_tz)::int;
      -- The order number is checked here, before any other write (step 5 does the same).
      INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
        deducted, payable, description, settlement_year, client_id, operator_id, created_at)
      VALUES (v_deduction_id, p_order_nos[1], v_enterprise, p_credit_codes[1], p_categories[1],
        p_amounts[1], v_coverable - v_remaining, p_amounts[1] - v_coverable + v_remaining,
        p_descriptions[1], v_year, p_client_id, p_operator_id, p_now)
      ON CONFLICT (operator_id, order_no) DO NOTHING;
      IF NOT FOUND THEN
        IF p_key IS NOT NULL THEN
          DELETE FROM idempotency_keys WHERE client_id = p_client_id AND key = p_key;
        END IF;
        RETURN jsonb_build_object('refused', jsonb_build_object('ok', false,
          'code', 'DUPLICATE_ORDER',
          'detail', format(p_refusals->'DUPLICATE_ORDER'->>'detail', p_order_nos[1])));
      END IF;
      FOR d IN 1..an LOOP
        UPDATE voucher_tranches SET balance = balance - a_amount[d], used = used + a_amount[d]
         WHERE id = a_tranche[d];
        INSERT INTO deduction_allocations (deduction_id, tranche_id, amount)
        VALUES (v_deduction_id, a_tranche[d], a_amount[d]);
        INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
          voucher_id, tranche_id, deduction_id, settlement_year)
        VALUES (yq_uuid7(), 'deduct', 'tranche:' || a_tranche[d],
          'redeemed:' || v_year, a_amount[d], p_now, a_voucher[d], a_tranche[d],
          v_deduction_id, v_year);
      END LOOP;
      v_available := 0;
      FOR d IN 1..array_length(f_id, 1) LOOP
        IF f_pays[d] THEN v_available := v_available + f_balance[d]; END IF;
      END LOOP;
      v_outcome := jsonb_build_object('ok', true, 'result', jsonb_build_object(
        'deductionId', v_deduction_id, 'orderNo', p_order_nos[1],
        'requested', p_amounts[1], 'deducted', v_coverable - v_remaining,
        'payable', p_amounts[1] - v_coverable + v_remaining, 'allocations', v_allocations,
        'availableAfter', v_available, 'createdAt', p_created_at));
      -- Step 6 for one paid bill: the same answers as below.
      IF p_key IS NULL THEN
        RETURN jsonb_build_object('outcomes', jsonb_build_array(v_outcome));
      END IF;
      IF p_one THEN
        v_response := jsonb_build_object('status', 201, 'body', v_outcome->'result');
      ELSE
        v_response := jsonb_build_object('status', 200, 'body', jsonb_build_object('results',
          jsonb_build_array(jsonb_build_object('orderNo', p_order_nos[1], 'ok', true,
                                               'result', v_outcome->'result'))));
      END IF;
      UPDATE idempotency_keys SET state = 'done', status_code = (v_response->>'status')::int,
             response = v_response->'body'
       WHERE client_id = p_client_id AND key = p_key;
      IF p_audit IS NOT NULL THEN
        PERFORM audit_record(p_audit);
      END IF;
      RETURN jsonb_build_object('response', v_response);
    END IF;
    -- Not paid: step 2 decides (and words) the refusal; nothing was written.
    an := 0;
  END IF;

  -- 2. Every tranche that could be drawn now, locked in id order (concurrent deductions of
  --    one enterprise queue instead of deadlocking) and re-checked after the wait.
  WITH locked AS (
    SELECT t.id, t.voucher_id, v.enterprise_id, t.credit_code, t.balance, t.active_from,
           t.expires_at, p.document->'eligibleCategories' AS cats,
           (p.document->>'coverageCapBasisPoints')::int AS pcap, p.document->>'timeZone' AS ptz
      FROM voucher_tranches t
      JOIN vouchers v ON v.id = t.voucher_id
      JOIN policies p ON p.id = v.policy_id
     WHERE t.credit_code = ANY(p_credit_codes) AND t.active_from <= p_now
       AND t.expires_at > p_now AND t.balance > 0
     ORDER BY t.id
       FOR UPDATE OF t
  ),
  numbered AS (
    SELECT l.*, row_number() OVER (ORDER BY l.credit_code, l.id)::int AS pos FROM locked l
  ),
  per_code AS (
    SELECT credit_code, min(pos)::int AS first_pos, count(*)::int AS n_tranches FROM numbered
     GROUP BY credit_code
  )
  SELECT x.ids, x.vouchers, x.enterprises, x.balances, x.cats, x.caps, x.tzs, y.draw,
         z.firsts, z.counts
    INTO t_id, t_voucher, t_enterprise, t_balance, t_cats, t_cap, t_tz, t_draw,
         i_first, i_count
    FROM (SELECT array_agg(id ORDER BY pos) AS ids, array_agg(voucher_id ORDER BY pos) AS vouchers,
                 array_agg(enterprise_id ORDER BY pos) AS enterprises,
                 array_agg(balance ORDER BY pos) AS balances, array_agg(cats ORDER BY pos) AS cats,
                 array_agg(pcap ORDER BY pos) AS caps, array_agg(ptz ORDER BY pos) AS tzs
            FROM numbered) x,
         (SELECT array_agg(pos ORDER BY credit_code, expires_at, active_from, id COLLATE "C")
                   AS draw
            FROM numbered) y,
         (SELECT array_agg(coalesce(c.first_pos, 0) ORDER BY b.ord) AS firsts,
                 array_agg(coalesce(c.n_tranches, 0) ORDER BY b.ord) AS counts
            FROM unnest(p_credit_codes) WITH ORDINALITY AS b(code, ord)
            LEFT JOIN per_code c ON c.credit_code = b.code) z;

  -- 3. Order numbers: already used (batches look them up first), and repeated in the call.
  IF p_precheck THEN
    SELECT array_agg(used.order_no IS NOT NULL ORDER BY b.ord) INTO i_preused
      FROM unnest(p_order_nos) WITH ORDINALITY AS b(order_no, ord)
      LEFT JOIN deductions used ON used.operator_id = p_operator_id AND used.order_no = b.order_no;
  END IF;
  IF n > 1 THEN
    SELECT array_agg(prev ORDER BY ord) INTO i_prev
      FROM (SELECT ord, lag(ord) OVER (PARTITION BY order_no ORDER BY ord)::int AS prev
              FROM unnest(p_order_nos) WITH ORDINALITY AS b(order_no, ord)) x;
  END IF;

  -- 4. Each bill in turn, against the balances the bills before it left.
  FOR i IN 1..n LOOP
    v_code := NULL;
    v_detail := NULL;
    v_eligible := NULL;
    v_outcome := NULL;
    IF coalesce(i_preused[i], false)
       OR (i_prev[i] IS NOT NULL AND coalesce(i_seen_ok[i_prev[i]], false)) THEN
      v_code := 'DUPLICATE_ORDER';
    ELSIF i_count[i] = 0 THEN
      IF NOT EXISTS (SELECT 1 FROM organisations o
                      WHERE o.kind = 'enterprise' AND o.credit_code = p_credit_codes[i]) THEN
        v_code := 'ENTERPRISE_NOT_FOUND';
      ELSE
        IF v_in_force IS NULL THEN
          SELECT coalesce(p.document->'eligibleCategories', '[]'::jsonb) INTO v_in_force
            FROM policies p WHERE p.programme = p_programme AND p.superseded_at IS NULL
           ORDER BY p.published_at DESC LIMIT 1;
          IF v_in_force IS NULL THEN
            RAISE EXCEPTION 'no policy in force for %', p_programme USING ERRCODE = 'YQ002';
          END IF;
        END IF;
        IF NOT (v_in_force ? p_categories[i]) THEN
          v_code := 'CATEGORY_NOT_ELIGIBLE';
          v_eligible := v_in_force;
        ELSE
          v_code := 'NO_AVAILABLE_BALANCE';
        END IF;
      END IF;
    ELSE
      v_first := i_first[i];
      v_last := v_first + i_count[i] - 1;
      -- Each voucher follows the policy it was granted under: a tranche pays only for the
      -- categories its policy allows; the bill's cap is the strictest among them.
      v_cap := 10000;
      v_tz := NULL;
      FOR k IN v_first..v_last LOOP
        IF t_cats[k] ? p_categories[i] THEN
          IF v_tz IS NULL THEN
            v_tz := t_tz[k];
            v_enterprise := t_enterprise[k];
          END IF;
          v_cap := least(v_cap, t_cap[k]);
        END IF;
      END LOOP;
      IF v_tz IS NULL THEN
        -- The categories the enterprise's vouchers allow, in the order first seen.
        v_seen := '[]'::jsonb;
        FOR k IN v_first..v_last LOOP
          SELECT v_seen || coalesce(jsonb_agg(c ORDER BY ord), '[]'::jsonb) INTO v_seen
            FROM jsonb_array_elements(t_cats[k]) WITH ORDINALITY AS e(c, ord)
           WHERE NOT v_seen @> jsonb_build_array(c);
        END LOOP;
        v_code := 'CATEGORY_NOT_ELIGIBLE';
        v_eligible := v_seen;
      ELSE
        -- min(bill × cap, balance), rounded down to the fen, in bigint without overflow.
        v_coverable := (p_amounts[i] / 10000) * v_cap + ((p_amounts[i] % 10000) * v_cap) / 10000;
        v_remaining := v_coverable;
        v_allocations := '[]'::jsonb;
        v_deduction_id := NULL;
        FOR d IN v_first..v_last LOOP
          EXIT WHEN v_remaining = 0;
          k := t_draw[d];
          CONTINUE WHEN t_balance[k] <= 0 OR NOT (t_cats[k] ? p_categories[i]);
          v_take := least(t_balance[k], v_remaining);
          v_remaining := v_remaining - v_take;
          t_balance[k] := t_balance[k] - v_take;
          IF v_deduction_id IS NULL THEN
            v_deduction_id := yq_uuid7();
            v_year := extract(year FROM p_now AT TIME ZONE v_tz)::int;
          END IF;
          v_allocations := v_allocations || jsonb_build_object('trancheId', t_id[k], 'amount', v_take);
          an := an + 1;
          a_deduction[an] := v_deduction_id;
          a_tranche[an] := t_id[k];
          a_voucher[an] := t_voucher[k];
          a_amount[an] := v_take;
          a_year[an] := v_year;
        END LOOP;
        IF v_deduction_id IS NULL THEN
          v_code := 'NO_AVAILABLE_BALANCE';
        ELSE
          v_available := 0;
          FOR k IN v_first..v_last LOOP
            IF t_cats[k] ? p_categories[i] THEN v_available := v_available + t_balance[k]; END IF;
          END LOOP;
          wn := wn + 1;
          w_id[wn] := v_deduction_id;
          w_order[wn] := p_order_nos[i];
          w_enterprise[wn] := v_enterprise;
          w_code[wn] := p_credit_codes[i];
          w_category[wn] := p_categories[i];
          w_requested[wn] := p_amounts[i];
          w_deducted[wn] := v_coverable - v_remaining;
          w_payable[wn] := p_amounts[i] - v_coverable + v_remaining;
          w_description[wn] := p_descriptions[i];
          w_year[wn] := v_year;
          v_outcome := jsonb_build_object('ok', true, 'result', jsonb_build_object(
            'deductionId', v_deduction_id, 'orderNo', p_order_nos[i],
            'requested', p_amounts[i], 'deducted', v_coverable - v_remaining,
            'payable', p_amounts[i] - v_coverable + v_remaining, 'allocations', v_allocations,
            'availableAfter', v_available, 'createdAt', p_created_at));
        END IF;
      END IF;
    END IF;
    i_seen_ok[i] := v_outcome IS NOT NULL OR coalesce(i_seen_ok[i_prev[i]], false);
    IF v_outcome IS NULL THEN
      -- A reused order number is reported as such whatever else is wrong with the bill: the
      -- operator must learn the bill was already processed. Without the pre-check (single
      -- bills) it is looked up only for a refused bill, so success costs no extra query.
      IF NOT p_precheck AND v_code <> 'DUPLICATE_ORDER' AND EXISTS (
           SELECT 1 FROM deductions x
            WHERE x.operator_id = p_operator_id AND x.order_no = p_order_nos[i]) THEN
        v_code := 'DUPLICATE_ORDER';
        v_eligible := NULL;
      END IF;
      v_outcome := jsonb_build_object('ok', false, 'code', v_code, 'detail', CASE v_code
        WHEN 'DUPLICATE_ORDER' THEN format(p_refusals->v_code->>'detail', p_order_nos[i])
        WHEN 'ENTERPRISE_NOT_FOUND' THEN format(p_refusals->v_code->>'detail', p_credit_codes[i])
        WHEN 'CATEGORY_NOT_ELIGIBLE' THEN format(p_refusals->v_code->>'detail', p_categories[i],
          (SELECT string_agg(c, '、' ORDER BY ord)
             FROM jsonb_array_elements_text(v_eligible) WITH ORDINALITY AS e(c, ord)))
        ELSE p_refusals->v_code->>'detail' END);
      IF v_eligible IS NOT NULL THEN
        v_outcome := v_outcome || jsonb_build_object('eligible', v_eligible);
      END IF;
      IF p_one THEN
        -- One bill refused: the call is refused; the key is not kept (a retry decides afresh).
        IF p_key IS NOT NULL THEN
          DELETE FROM idempotency_keys WHERE client_id = p_client_id AND key = p_key;
        END IF;
        RETURN jsonb_build_object('refused', v_outcome);
      END IF;
    END IF;
    v_outcomes[i] := v_outcome;
  END LOOP;

  -- 5. The writes, set-based. The deductions first: an order number taken since the
  --    decision (a concurrent call) leaves its row out instead of failing the statement.
  IF wn > 0 THEN
    INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
      deducted, payable, description, settlement_year, client_id, operator_id, created_at)
    SELECT w.*, p_client_id, p_operator_id, p_now
      FROM unnest(w_id, w_order, w_enterprise, w_code, w_category, w_requested, w_deducted,
                  w_payable, w_description, w_year) AS w
    ON CONFLICT (operator_id, order_no) DO NOTHING;
    GET DIAGNOSTICS v_written = ROW_COUNT;
    IF v_written < wn THEN
      IF p_precheck THEN
        -- Every later bill's balances depend on it: decide the whole call again.
        RAISE EXCEPTION 'an order number was taken concurrently' USING ERRCODE = 'YQ001';
      END IF;
      -- A single bill whose order number is used: refused; nothing else was written.
      IF p_key IS NOT NULL THEN
        DELETE FROM idempotency_keys WHERE client_id = p_client_id AND key = p_key;
      END IF;
      RETURN jsonb_build_object('refused', jsonb_build_object('ok', false,
        'code', 'DUPLICATE_ORDER',
        'detail', format(p_refusals->'DUPLICATE_ORDER'->>'detail', w_order[1])));
    END IF;
    WITH alloc AS (
      SELECT * FROM unnest(a_deduction, a_tranche, a_voucher, a_amount, a_year)
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
    )
    INSERT INTO ledger_transfers (id, kind, source, destination, amount, effective_at,
      voucher_id, tranche_id, deduction_id, settlement_year)
    SELECT yq_uuid7(), 'deduct', 'tranche:' || tranche_id,
           'redeemed:' || settlement_year, amount, p_now, voucher_id, tranche_id,
           deduction_id, settlement_year
      FROM alloc;
  END IF;

  -- 6. The outcome of the call is known here: its audit row commits with it, or not at all.
  IF p_key IS NULL THEN
    RETURN jsonb_build_object('outcomes', to_jsonb(v_outcomes));
  END IF;
  IF p_one THEN
    v_response := jsonb_build_object('status', 201, 'body', v_outcomes[1]->'result');
  ELSE
    SELECT jsonb_build_object('results', coalesce(jsonb_agg(CASE WHEN (o->>'ok')::boolean
             THEN jsonb_build_object('orderNo', p_order_nos[ord], 'ok', true,
                                     'result', o->'result')
             ELSE jsonb_build_object('orderNo', p_order_nos[ord], 'ok', false,
                    'error', jsonb_build_object(
                      'status', p_refusals->(o->>'code')->'status', 'code', o->>'code',
                      'title', p_refusals->(o->>'code')->'title', 'detail', o->'detail'))
             END ORDER BY ord), '[]'::jsonb))
      INTO v_body
      FROM unnest(v_outcomes) WITH ORDINALITY AS u(o, ord);
    v_response := jsonb_build_object('status', 200, 'body', v_body);
  END IF;
  UPDATE idempotency_keys SET state = 'done', status_code = (v_response->>'status')::int,
         response = v_response->'body'
   WHERE client_id = p_client_id AND key = p_key;
  IF p_audit IS NOT NULL THEN
    PERFORM audit_record(p_audit);
  END IF;
  RETURN jsonb_build_object('response', v_response);
END;
$fn$;
