-- D-redemption-pay-1: payments recorded before the fix stored a made-up id in
-- redemption_payments.transfer_id — the same id the `pay` transfer's memo carries as
-- `transferId` — while the transfer itself has an id of its own. Point each such row at its
-- real transfer. Payments are a record (migration 0010): the append-only trigger is lifted for
-- this one statement, inside the migration's transaction, and put back.
ALTER TABLE redemption_payments DISABLE TRIGGER redemption_payments_append_only;
--> statement-breakpoint
UPDATE redemption_payments p
   SET transfer_id = t.id
  FROM ledger_transfers t
 WHERE t.kind = 'pay'
   AND t.memo->>'transferId' = p.transfer_id
   AND t.memo->>'submissionId' = p.submission_id
   AND t.id <> p.transfer_id;
--> statement-breakpoint
ALTER TABLE redemption_payments ENABLE TRIGGER redemption_payments_append_only;
