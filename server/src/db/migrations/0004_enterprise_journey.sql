CREATE TABLE "certification_rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"certification_id" text NOT NULL,
	"round_no" integer NOT NULL,
	"enterprise_name" text NOT NULL,
	"credit_code" text NOT NULL,
	"legal_representative" text NOT NULL,
	"address" text NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"agent_name" text NOT NULL,
	"agent_id_number_ciphertext" text NOT NULL,
	"agent_id_number_masked" text NOT NULL,
	"agent_mobile_ciphertext" text NOT NULL,
	"agent_mobile_masked" text NOT NULL,
	"licence_file_id" text NOT NULL,
	"authorisation_file_id" text NOT NULL,
	"real_name_check" jsonb NOT NULL,
	"list_comparison" jsonb NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decision" text,
	"reason" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "certification_rounds_no_uq" UNIQUE("certification_id","round_no")
);
--> statement-breakpoint
CREATE TABLE "certifications" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"status" text NOT NULL,
	"current_round" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certifications_organisation_id_unique" UNIQUE("organisation_id")
);
--> statement-breakpoint
CREATE TABLE "claim_contracts" (
	"sha256" text NOT NULL,
	"claim_id" text NOT NULL,
	CONSTRAINT "claim_contracts_sha256_pk" PRIMARY KEY("sha256")
);
--> statement-breakpoint
CREATE TABLE "claim_rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"claim_id" text NOT NULL,
	"round_no" integer NOT NULL,
	"contract_file_id" text NOT NULL,
	"contract_sha256" text NOT NULL,
	"checks" jsonb NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decision" text,
	"reason" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "claim_rounds_no_uq" UNIQUE("claim_id","round_no")
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"entry_id" text NOT NULL,
	"list_year" integer NOT NULL,
	"status" text NOT NULL,
	"current_round" integer NOT NULL,
	"voucher_id" text,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claims_entry_id_unique" UNIQUE("entry_id")
);
--> statement-breakpoint
CREATE TABLE "files" (
	"id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"original_name" text NOT NULL,
	"purpose" text NOT NULL,
	"organisation_id" text NOT NULL,
	"uploaded_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient_ciphertext" text NOT NULL,
	"recipient_masked" text NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "star_list_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"list_year" integer NOT NULL,
	"batch_no" integer NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"source_file_id" text,
	"entry_count" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"published_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "star_list_batches_year_no_uq" UNIQUE("list_year","batch_no")
);
--> statement-breakpoint
CREATE TABLE "star_list_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"batch_id" text NOT NULL,
	"list_year" integer NOT NULL,
	"seq_no" integer NOT NULL,
	"city" text NOT NULL,
	"county" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"credit_code" text NOT NULL,
	"star" integer NOT NULL,
	CONSTRAINT "star_list_entries_year_code_uq" UNIQUE("list_year","credit_code"),
	CONSTRAINT "star_list_entries_star" CHECK ("star_list_entries"."star" BETWEEN 3 AND 5)
);
--> statement-breakpoint
CREATE TABLE "terms_acceptances" (
	"user_id" text PRIMARY KEY NOT NULL,
	"terms_version" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"ip_address" text
);
--> statement-breakpoint
CREATE TABLE "verification_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"mobile" text NOT NULL,
	"purpose" text NOT NULL,
	"code_hash" text NOT NULL,
	"ip_address" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voucher_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_id" text NOT NULL,
	"name" text NOT NULL,
	"claim_instructions" text NOT NULL,
	"status" text NOT NULL,
	"configured_by" text NOT NULL,
	"configured_at" timestamp with time zone NOT NULL,
	"issued_by" text,
	"issued_at" timestamp with time zone,
	CONSTRAINT "voucher_batches_plan_id_unique" UNIQUE("plan_id")
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "certified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "certification_rounds" ADD CONSTRAINT "certification_rounds_certification_id_certifications_id_fk" FOREIGN KEY ("certification_id") REFERENCES "public"."certifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_rounds" ADD CONSTRAINT "certification_rounds_licence_file_id_files_id_fk" FOREIGN KEY ("licence_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_rounds" ADD CONSTRAINT "certification_rounds_authorisation_file_id_files_id_fk" FOREIGN KEY ("authorisation_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certification_rounds" ADD CONSTRAINT "certification_rounds_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certifications" ADD CONSTRAINT "certifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_contracts" ADD CONSTRAINT "claim_contracts_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_rounds" ADD CONSTRAINT "claim_rounds_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_rounds" ADD CONSTRAINT "claim_rounds_contract_file_id_files_id_fk" FOREIGN KEY ("contract_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_entry_id_star_list_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."star_list_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "star_list_batches" ADD CONSTRAINT "star_list_batches_source_file_id_files_id_fk" FOREIGN KEY ("source_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "star_list_entries" ADD CONSTRAINT "star_list_entries_batch_id_star_list_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."star_list_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acceptances" ADD CONSTRAINT "terms_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_contracts_claim_idx" ON "claim_contracts" USING btree ("claim_id");--> statement-breakpoint
CREATE INDEX "claims_organisation_idx" ON "claims" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "files_sha256_idx" ON "files" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "files_organisation_idx" ON "files" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "outbound_messages_status_idx" ON "outbound_messages" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "star_list_entries_batch_idx" ON "star_list_entries" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "verification_codes_mobile_idx" ON "verification_codes" USING btree ("mobile","created_at");