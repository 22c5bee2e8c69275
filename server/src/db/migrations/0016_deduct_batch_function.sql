-- Batches in one call, at less cost per bill (D-ledger-fn-2). `yq_deduct` (0013) decides a
-- batch in one call already; measured on a 1,000-bill batch, its time went to the order-number
-- pre-check (a hash join over every deduction of the operator: a sequential scan that grows
-- with the table), the speculative insert of `ON CONFLICT DO NOTHING`, and building each
-- bill's answer twice (an outcome in the loop, then the stored answer from it). This function
-- is the batch form of `yq_deduct` with the same rules, the same per-bill results and refusal
-- codes, the same idempotency (one key for the call, its answer stored with it) and the same
-- audit row (p_audit, written before the call commits):
--   * the pre-check looks each order number up in the unique index (`order_no = ANY(…)`);
--   * the deductions are a plain INSERT: an order number taken by a concurrent call since the
--     pre-check fails it with the unique violation on deductions_operator_order_uq, which the
--     caller treats as YQ001 was treated (the whole call is decided again; nothing of it
--     committed);
--   * under a key, each bill's entry of the answer ({orderNo, ok, result | error}) is built once,
--     in the loop, and stored as it is.
-- Single bills keep `yq_deduct` (their "refusal refuses the call" and "order number checked
-- only when refused" are not a batch's). The TypeScript rules stay the oracle:
-- server/test/ledger/deduct-function.test.ts holds both functions to them and shows a wrong
-- variant of this one is caught.
--
-- Arguments: those of yq_deduct without p_one (always false here) and p_precheck (always true).
-- Returns one of:
--   {"replay": {request_hash, state, status_code, response}}   a twin holds the key
--   {"response": {status: 200, body: {results: […]}}}         answered and stored with the key
--   {"outcomes": [outcome…]}    no key: one outcome per bill (yq_deduct's shape)
-- Raises YQ002 when no policy is in force; 23505 on deductions_operator_order_uq as above.
CREATE OR REPLACE FUNCTION yq_deduct_batch(
  p_client_id text,
  p_operator_id text,
  p_key text,
  p_request_hash text,
  p_now timestamptz,
  p_created_at text,
  p_order_nos text[],
  p_credit_codes text[],
  p_categories text[],
  p_amounts bigint[],
  p_descriptions text[],
  p_programme text,
  p_refusals jsonb,
  p_audit jsonb DEFAULT NULL
) RETURNS jsonb LANGUAGE plpgsql AS $fn$
DECLARE
  n int := coalesce(array_length(p_order_nos, 1), 0);
  t_id text[]; t_voucher text[]; t_enterprise text[]; t_balance bigint[];
  t_cats jsonb[]; t_cap int[]; t_tz text[];
  t_draw int[];
  i_first int[]; i_count int[];
  i_preused boolean[]; i_prev int[];
  i_seen_ok boolean[] := '{}';
  v_in_force jsonb;
  v_outcomes jsonb[] := '{}';
  v_outcome jsonb;
  v_result jsonb;
  w_id text[] := '{}'; w_order text[] := '{}'; w_enterprise text[] := '{}';
  w_code text[] := '{}'; w_category text[] := '{}'; w_requested bigint[] := '{}';
  w_deducted bigint[] := '{}'; w_payable bigint[] := '{}'; w_description text[] := '{}';
  w_year int[] := '{}';
  a_deduction text[] := '{}'; a_tranche text[] := '{}'; a_voucher text[] := '{}';
  a_amount bigint[] := '{}'; a_year int[] := '{}';
  i int; k int; d int; v_first int; v_last int;
  v_code text; v_detail text; v_eligible jsonb; v_seen jsonb;
  v_cap int; v_tz text; v_enterprise text; v_coverable bigint; v_remaining bigint; v_take bigint;
  v_available bigint; v_allocations jsonb; v_deduction_id text; v_year int;
  v_body jsonb;
  wn int := 0; an int := 0;
BEGIN
  -- 1. The key first (as yq_deduct): a twin waits on the primary key, then replays.
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

  -- 2. Every tranche that could be drawn now, locked in id order (as yq_deduct).
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

  -- 3. Order numbers already used, looked up in the unique index (operator_id, order_no),
  --    one probe per bill, and those repeated in the call.
  WITH used AS (
    SELECT DISTINCT x.order_no FROM deductions x
     WHERE x.operator_id = p_operator_id AND x.order_no = ANY(p_order_nos)
  )
  SELECT array_agg(u.order_no IS NOT NULL ORDER BY b.ord) INTO i_preused
    FROM unnest(p_order_nos) WITH ORDINALITY AS b(order_no, ord)
    LEFT JOIN used u ON u.order_no = b.order_no;
  IF n > 1 THEN
    SELECT array_agg(prev ORDER BY ord) INTO i_prev
      FROM (SELECT ord, lag(ord) OVER (PARTITION BY order_no ORDER BY ord)::int AS prev
              FROM unnest(p_order_nos) WITH ORDINALITY AS b(order_no, ord)) x;
  END IF;

  -- 4. Each bill in turn, against the balances the bills before it left (as yq_deduct).
  FOR i IN 1..n LOOP
    v_code := NULL;
    v_detail := NULL;
    v_eligible := NULL;
    v_result := NULL;
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
        v_seen := '[]'::jsonb;
        FOR k IN v_first..v_last LOOP
          SELECT v_seen || coalesce(jsonb_agg(c ORDER BY ord), '[]'::jsonb) INTO v_seen
            FROM jsonb_array_elements(t_cats[k]) WITH ORDINALITY AS e(c, ord)
           WHERE NOT v_seen @> jsonb_build_array(c);
        END LOOP;
        v_code := 'CATEGORY_NOT_ELIGIBLE';
        v_eligible := v_seen;
      ELSE
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
            v_deduction_id := gen_random_uuid()::text;
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
          v_result := jsonb_build_object(
            'deductionId', v_deduction_id, 'orderNo', p_order_nos[i],
            'requested', p_amounts[i], 'deducted', v_coverable - v_remaining,
            'payable', p_amounts[i] - v_coverable + v_remaining, 'allocations', v_allocations,
            'availableAfter', v_available, 'createdAt', p_created_at);
        END IF;
      END IF;
    END IF;
    i_seen_ok[i] := v_result IS NOT NULL OR coalesce(i_seen_ok[i_prev[i]], false);
    IF v_result IS NOT NULL THEN
      -- The bill's entry as it is answered: the stored answer under a key, or yq_deduct's
      -- outcome shape for a caller without one.
      IF p_key IS NULL THEN
        v_outcome := jsonb_build_object('ok', true, 'result', v_result);
      ELSE
        v_outcome := jsonb_build_object('orderNo', p_order_nos[i], 'ok', true, 'result', v_result);
      END IF;
    ELSE
      v_detail := CASE v_code
        WHEN 'DUPLICATE_ORDER' THEN format(p_refusals->v_code->>'detail', p_order_nos[i])
        WHEN 'ENTERPRISE_NOT_FOUND' THEN format(p_refusals->v_code->>'detail', p_credit_codes[i])
        WHEN 'CATEGORY_NOT_ELIGIBLE' THEN format(p_refusals->v_code->>'detail', p_categories[i],
          (SELECT string_agg(c, '、' ORDER BY ord)
             FROM jsonb_array_elements_text(v_eligible) WITH ORDINALITY AS e(c, ord)))
        ELSE p_refusals->v_code->>'detail' END;
      IF p_key IS NULL THEN
        v_outcome := jsonb_build_object('ok', false, 'code', v_code, 'detail', v_detail);
        IF v_eligible IS NOT NULL THEN
          v_outcome := v_outcome || jsonb_build_object('eligible', v_eligible);
        END IF;
      ELSE
        v_outcome := jsonb_build_object('orderNo', p_order_nos[i], 'ok', false,
          'error', jsonb_build_object('status', p_refusals->v_code->'status', 'code', v_code,
                                      'title', p_refusals->v_code->'title', 'detail', v_detail));
      END IF;
    END IF;
    v_outcomes[i] := v_outcome;
  END LOOP;

  -- 5. The writes, set-based. A plain INSERT: the pre-check found every order number free,
  --    so a conflict here is a concurrent call's, and its unique violation ends this call
  --    before anything of it commits (the caller decides it again).
  IF wn > 0 THEN
    INSERT INTO deductions (id, order_no, enterprise_id, credit_code, category, requested,
      deducted, payable, description, settlement_year, client_id, operator_id, created_at)
    SELECT w.*, p_client_id, p_operator_id, p_now
      FROM unnest(w_id, w_order, w_enterprise, w_code, w_category, w_requested, w_deducted,
                  w_payable, w_description, w_year) AS w;
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
    SELECT gen_random_uuid()::text, 'deduct', 'tranche:' || tranche_id,
           'redeemed:' || settlement_year, amount, p_now, voucher_id, tranche_id,
           deduction_id, settlement_year
      FROM alloc;
  END IF;

  -- 6. The answer; under a key it is stored with the key and the audit row is written, in
  --    this call's transaction (D-audit-tx-1/3).
  IF p_key IS NULL THEN
    RETURN jsonb_build_object('outcomes', to_jsonb(v_outcomes));
  END IF;
  v_body := jsonb_build_object('results', to_jsonb(v_outcomes));
  UPDATE idempotency_keys SET state = 'done', status_code = 200, response = v_body
   WHERE client_id = p_client_id AND key = p_key;
  IF p_audit IS NOT NULL THEN
    PERFORM audit_record(p_audit);
  END IF;
  RETURN jsonb_build_object('response', jsonb_build_object('status', 200, 'body', v_body));
END;
$fn$;
