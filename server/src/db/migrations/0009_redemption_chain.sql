CREATE TABLE "redemption_line_decisions" (
	"submission_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"decision" text NOT NULL,
	"recognised" bigint NOT NULL,
	"reason" text,
	"decided_by" text NOT NULL,
	"decided_by_name" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "redemption_line_decisions_submission_id_line_no_pk" PRIMARY KEY("submission_id","line_no"),
	CONSTRAINT "redemption_line_decisions_recognised" CHECK ("redemption_line_decisions"."recognised" >= 0)
);
--> statement-breakpoint
CREATE TABLE "redemption_payments" (
	"submission_id" text PRIMARY KEY NOT NULL,
	"amount" bigint NOT NULL,
	"paid_on" text NOT NULL,
	"reference" text NOT NULL,
	"transfer_id" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_by_name" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redemption_steps" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"submission_id" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"actor_name" text NOT NULL,
	"actor_role" text NOT NULL,
	"comment" text,
	"documents_sha256" text[] NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "redemption_submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"settlement_year" integer NOT NULL,
	"round_no" integer NOT NULL,
	"build_id" text NOT NULL,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"net_write_off" bigint NOT NULL,
	"recognised" bigint,
	"attested_by" text NOT NULL,
	"attested_by_name" text NOT NULL,
	"attested_at" timestamp with time zone NOT NULL,
	"declaration" text NOT NULL,
	"workbook_sha256" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"sent_to_finance_at" timestamp with time zone,
	"payment_due_on" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "redemption_submissions_recognised_range" CHECK ("redemption_submissions"."recognised" IS NULL OR ("redemption_submissions"."recognised" >= 0 AND "redemption_submissions"."recognised" <= "redemption_submissions"."net_write_off"))
);
--> statement-breakpoint
ALTER TABLE "redemption_line_decisions" ADD CONSTRAINT "redemption_line_decisions_submission_id_redemption_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."redemption_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_payments" ADD CONSTRAINT "redemption_payments_submission_id_redemption_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."redemption_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_steps" ADD CONSTRAINT "redemption_steps_submission_id_redemption_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."redemption_submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_submissions" ADD CONSTRAINT "redemption_submissions_build_id_redemption_builds_id_fk" FOREIGN KEY ("build_id") REFERENCES "public"."redemption_builds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "redemption_steps_submission_idx" ON "redemption_steps" USING btree ("submission_id","at");--> statement-breakpoint
CREATE INDEX "redemption_submissions_year_idx" ON "redemption_submissions" USING btree ("settlement_year","round_no");--> statement-breakpoint
CREATE UNIQUE INDEX "redemption_submissions_one_open_per_year" ON "redemption_submissions" USING btree ("settlement_year") WHERE "redemption_submissions"."status" <> 'returned';--> statement-breakpoint
CREATE INDEX "deductions_year_created_idx" ON "deductions" USING btree ("settlement_year","created_at","id");--> statement-breakpoint
CREATE INDEX "reversals_year_created_idx" ON "reversals" USING btree ("settlement_year","created_at","id");