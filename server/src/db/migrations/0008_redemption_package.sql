CREATE TABLE "redemption_builds" (
	"id" text PRIMARY KEY NOT NULL,
	"settlement_year" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"error_code" text,
	"totals" jsonb,
	"net_write_off" bigint,
	"voucher_count" integer,
	"transfer_count" integer,
	"exception_count" integer,
	"workbook_file_id" text,
	"workbook_sha256" text,
	"pdf_file_id" text,
	"pdf_sha256" text,
	CONSTRAINT "redemption_builds_progress_range" CHECK ("redemption_builds"."progress" BETWEEN 0 AND 100),
	CONSTRAINT "redemption_builds_year_range" CHECK ("redemption_builds"."settlement_year" BETWEEN 2000 AND 2999)
);
--> statement-breakpoint
CREATE TABLE "redemption_lines" (
	"build_id" text NOT NULL,
	"line_no" integer NOT NULL,
	"voucher_id" text NOT NULL,
	"enterprise_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"star" integer NOT NULL,
	"list_year" integer NOT NULL,
	"granted" bigint NOT NULL,
	"deducted" bigint NOT NULL,
	"reversed" bigint NOT NULL,
	"net_write_off" bigint NOT NULL,
	"voided" bigint NOT NULL,
	"balance_at_year_end" bigint NOT NULL,
	"exception_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "redemption_lines_build_id_line_no_pk" PRIMARY KEY("build_id","line_no"),
	CONSTRAINT "redemption_lines_build_voucher" UNIQUE("build_id","voucher_id")
);
--> statement-breakpoint
ALTER TABLE "redemption_builds" ADD CONSTRAINT "redemption_builds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_builds" ADD CONSTRAINT "redemption_builds_workbook_file_id_files_id_fk" FOREIGN KEY ("workbook_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_builds" ADD CONSTRAINT "redemption_builds_pdf_file_id_files_id_fk" FOREIGN KEY ("pdf_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redemption_lines" ADD CONSTRAINT "redemption_lines_build_id_redemption_builds_id_fk" FOREIGN KEY ("build_id") REFERENCES "public"."redemption_builds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "redemption_builds_year_idx" ON "redemption_builds" USING btree ("settlement_year","requested_at");