CREATE TABLE "transparency_settings" (
	"list_year" integer PRIMARY KEY NOT NULL,
	"recipients_published" boolean DEFAULT false NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
