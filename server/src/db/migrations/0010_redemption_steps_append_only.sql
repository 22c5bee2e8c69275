-- The redemption chain's steps and payments are a record, like the ledger: never changed or
-- removed (yq_refuse_change is the ledger's function, migration 0002).
CREATE TRIGGER redemption_steps_append_only
  BEFORE UPDATE OR DELETE ON redemption_steps
  FOR EACH ROW EXECUTE FUNCTION yq_refuse_change();
--> statement-breakpoint
CREATE TRIGGER redemption_steps_no_truncate
  BEFORE TRUNCATE ON redemption_steps
  FOR EACH STATEMENT EXECUTE FUNCTION yq_refuse_change();
--> statement-breakpoint
CREATE TRIGGER redemption_payments_append_only
  BEFORE UPDATE OR DELETE ON redemption_payments
  FOR EACH ROW EXECUTE FUNCTION yq_refuse_change();
--> statement-breakpoint
CREATE TRIGGER redemption_payments_no_truncate
  BEFORE TRUNCATE ON redemption_payments
  FOR EACH STATEMENT EXECUTE FUNCTION yq_refuse_change();
