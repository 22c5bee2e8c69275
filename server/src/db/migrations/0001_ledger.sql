CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"slot" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
CREATE TABLE "api_clients" (
	"id" text PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"name" text NOT NULL,
	"operator_id" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" text,
	"rotated_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_clients_key_id_unique" UNIQUE("key_id")
);
--> statement-breakpoint
CREATE TABLE "deduction_allocations" (
	"deduction_id" text NOT NULL,
	"tranche_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"reversed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "deduction_allocations_deduction_id_tranche_id_pk" PRIMARY KEY("deduction_id","tranche_id"),
	CONSTRAINT "deduction_allocations_positive" CHECK ("deduction_allocations"."amount" > 0),
	CONSTRAINT "deduction_allocations_reversed_bound" CHECK ("deduction_allocations"."reversed" >= 0 AND "deduction_allocations"."reversed" <= "deduction_allocations"."amount")
);
--> statement-breakpoint
CREATE TABLE "deductions" (
	"id" text PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"operator_id" text NOT NULL,
	"order_no" text NOT NULL,
	"enterprise_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"category" text NOT NULL,
	"requested" bigint NOT NULL,
	"deducted" bigint NOT NULL,
	"payable" bigint NOT NULL,
	"reversed" bigint DEFAULT 0 NOT NULL,
	"description" text,
	"created_at" timestamp with time zone NOT NULL,
	"settlement_year" integer NOT NULL,
	CONSTRAINT "deductions_positive" CHECK ("deductions"."deducted" > 0),
	CONSTRAINT "deductions_split" CHECK ("deductions"."deducted" + "deductions"."payable" = "deductions"."requested"),
	CONSTRAINT "deductions_reversed_bound" CHECK ("deductions"."reversed" >= 0 AND "deductions"."reversed" <= "deductions"."deducted")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"client_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_client_id_key_pk" PRIMARY KEY("client_id","key")
);
--> statement-breakpoint
CREATE TABLE "ledger_transfers" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"destination" text NOT NULL,
	"amount" bigint NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"plan_id" text,
	"voucher_id" text,
	"tranche_id" text,
	"deduction_id" text,
	"reversal_id" text,
	"settlement_year" integer,
	"memo" jsonb,
	CONSTRAINT "ledger_transfers_id_unique" UNIQUE("id"),
	CONSTRAINT "ledger_transfers_amount_positive" CHECK ("ledger_transfers"."amount" > 0),
	CONSTRAINT "ledger_transfers_distinct_accounts" CHECK ("ledger_transfers"."source" <> "ledger_transfers"."destination")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" text PRIMARY KEY NOT NULL,
	"list_year" integer NOT NULL,
	"policy_id" text NOT NULL,
	"title" text NOT NULL,
	"total_budget" bigint NOT NULL,
	"budget_balance" bigint NOT NULL,
	"claim_opens_at" timestamp with time zone NOT NULL,
	"claim_closes_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "plans_list_year_unique" UNIQUE("list_year"),
	CONSTRAINT "plans_budget_non_negative" CHECK ("plans"."budget_balance" >= 0),
	CONSTRAINT "plans_budget_within_total" CHECK ("plans"."budget_balance" <= "plans"."total_budget"),
	CONSTRAINT "plans_window_order" CHECK ("plans"."claim_opens_at" < "plans"."claim_closes_at")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"programme" text NOT NULL,
	"version" text NOT NULL,
	"document" jsonb NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "policies_programme_version_uq" UNIQUE("programme","version")
);
--> statement-breakpoint
CREATE TABLE "reversals" (
	"id" text PRIMARY KEY NOT NULL,
	"deduction_id" text NOT NULL,
	"client_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"restored" bigint NOT NULL,
	"voided" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settlement_year" integer NOT NULL,
	CONSTRAINT "reversals_positive" CHECK ("reversals"."amount" > 0),
	CONSTRAINT "reversals_split" CHECK ("reversals"."restored" + "reversals"."voided" = "reversals"."amount")
);
--> statement-breakpoint
CREATE TABLE "voucher_tranches" (
	"id" text PRIMARY KEY NOT NULL,
	"voucher_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"seq" integer NOT NULL,
	"amount" bigint NOT NULL,
	"active_from" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"balance" bigint NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	"voided" bigint DEFAULT 0 NOT NULL,
	"expiry_recorded_at" timestamp with time zone,
	CONSTRAINT "voucher_tranches_voucher_seq_uq" UNIQUE("voucher_id","seq"),
	CONSTRAINT "voucher_tranches_balance_non_negative" CHECK ("voucher_tranches"."balance" >= 0),
	CONSTRAINT "voucher_tranches_used_non_negative" CHECK ("voucher_tranches"."used" >= 0),
	CONSTRAINT "voucher_tranches_voided_non_negative" CHECK ("voucher_tranches"."voided" >= 0),
	CONSTRAINT "voucher_tranches_conservation" CHECK ("voucher_tranches"."balance" = "voucher_tranches"."amount" - "voucher_tranches"."used" - "voucher_tranches"."voided"),
	CONSTRAINT "voucher_tranches_window" CHECK ("voucher_tranches"."active_from" < "voucher_tranches"."expires_at")
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"list_year" integer NOT NULL,
	"star" integer NOT NULL,
	"amount" bigint NOT NULL,
	"plan_id" text NOT NULL,
	"policy_id" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"grant_key" text NOT NULL,
	"claim_id" text,
	CONSTRAINT "vouchers_grant_key_unique" UNIQUE("grant_key"),
	CONSTRAINT "vouchers_amount_positive" CHECK ("vouchers"."amount" > 0),
	CONSTRAINT "vouchers_star" CHECK ("vouchers"."star" BETWEEN 1 AND 5)
);
--> statement-breakpoint
ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deduction_allocations" ADD CONSTRAINT "deduction_allocations_deduction_id_deductions_id_fk" FOREIGN KEY ("deduction_id") REFERENCES "public"."deductions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deduction_allocations" ADD CONSTRAINT "deduction_allocations_tranche_id_voucher_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."voucher_tranches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reversals" ADD CONSTRAINT "reversals_deduction_id_deductions_id_fk" FOREIGN KEY ("deduction_id") REFERENCES "public"."deductions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_tranches" ADD CONSTRAINT "voucher_tranches_voucher_id_vouchers_id_fk" FOREIGN KEY ("voucher_id") REFERENCES "public"."vouchers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_enterprise_id_organisations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "deductions_operator_order_uq" ON "deductions" USING btree ("operator_id","order_no");--> statement-breakpoint
CREATE INDEX "deductions_client_created_idx" ON "deductions" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "deductions_enterprise_created_idx" ON "deductions" USING btree ("enterprise_id","created_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ledger_transfers_tranche_idx" ON "ledger_transfers" USING btree ("tranche_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_deduction_idx" ON "ledger_transfers" USING btree ("deduction_id");--> statement-breakpoint
CREATE INDEX "ledger_transfers_kind_year_idx" ON "ledger_transfers" USING btree ("kind","settlement_year");--> statement-breakpoint
CREATE INDEX "reversals_deduction_idx" ON "reversals" USING btree ("deduction_id");--> statement-breakpoint
CREATE INDEX "reversals_client_created_idx" ON "reversals" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "voucher_tranches_credit_code_idx" ON "voucher_tranches" USING btree ("credit_code","expires_at");--> statement-breakpoint
CREATE INDEX "vouchers_credit_code_idx" ON "vouchers" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "vouchers_enterprise_idx" ON "vouchers" USING btree ("enterprise_id");