CREATE TABLE "monthly_report_reminders" (
	"month" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monthly_report_reminders_month_day_pk" PRIMARY KEY("month","day")
);
--> statement-breakpoint
CREATE TABLE "monthly_report_rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"round_no" integer NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_by_name" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"due_date" text NOT NULL,
	"late_days" integer NOT NULL,
	"snapshot_json" text NOT NULL,
	"json_sha256" text NOT NULL,
	"xlsx_file_id" text NOT NULL,
	"xlsx_sha256" text NOT NULL,
	"pdf_file_id" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"decision" text,
	"reviewed_by" text,
	"reviewed_by_name" text,
	"reason" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "monthly_report_rounds_month_round_uq" UNIQUE("month","round_no"),
	CONSTRAINT "monthly_report_rounds_late_days" CHECK ("monthly_report_rounds"."late_days" >= 0),
	CONSTRAINT "monthly_report_rounds_return_reason" CHECK ("monthly_report_rounds"."decision" IS DISTINCT FROM 'returned' OR length("monthly_report_rounds"."reason") > 0)
);
--> statement-breakpoint
CREATE TABLE "monthly_reports" (
	"month" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"operator_id" text NOT NULL,
	"vcpu_core_hours" numeric(16, 2),
	"memory_gib_hours" numeric(16, 2),
	"block_storage_tb_months" numeric(14, 3),
	"object_storage_tb_months" numeric(14, 3),
	"bandwidth_peak_mbps" numeric(12, 2),
	"traffic_tb" numeric(14, 3),
	"security_instances" integer,
	"commentary" text DEFAULT '' NOT NULL,
	"current_round" integer DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "monthly_reports_month_format" CHECK ("monthly_reports"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "monthly_reports_usage_non_negative" CHECK (coalesce("monthly_reports"."vcpu_core_hours", 0) >= 0 AND coalesce("monthly_reports"."memory_gib_hours", 0) >= 0
        AND coalesce("monthly_reports"."block_storage_tb_months", 0) >= 0 AND coalesce("monthly_reports"."object_storage_tb_months", 0) >= 0
        AND coalesce("monthly_reports"."bandwidth_peak_mbps", 0) >= 0 AND coalesce("monthly_reports"."traffic_tb", 0) >= 0
        AND coalesce("monthly_reports"."security_instances", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "monthly_report_rounds" ADD CONSTRAINT "monthly_report_rounds_month_monthly_reports_month_fk" FOREIGN KEY ("month") REFERENCES "public"."monthly_reports"("month") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_report_rounds" ADD CONSTRAINT "monthly_report_rounds_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_report_rounds" ADD CONSTRAINT "monthly_report_rounds_xlsx_file_id_files_id_fk" FOREIGN KEY ("xlsx_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_report_rounds" ADD CONSTRAINT "monthly_report_rounds_pdf_file_id_files_id_fk" FOREIGN KEY ("pdf_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_report_rounds" ADD CONSTRAINT "monthly_report_rounds_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reports" ADD CONSTRAINT "monthly_reports_operator_id_organisations_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;