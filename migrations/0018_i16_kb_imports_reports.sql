CREATE TABLE "kb_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid NOT NULL,
	"agency_scope" uuid,
	"file_name" text NOT NULL,
	"file_type" text NOT NULL,
	"status" text DEFAULT 'uploaded' NOT NULL,
	"headers" jsonb NOT NULL,
	"rows" jsonb NOT NULL,
	"mapping" jsonb,
	"skip_rows_with_problems" boolean DEFAULT false NOT NULL,
	"total_rows" integer NOT NULL,
	"processed_rows" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "scheduled_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"status" text DEFAULT 'generating' NOT NULL,
	"xlsx" "bytea",
	"html" text,
	"size_bytes" integer,
	"error" text,
	"emailed_at" timestamp with time zone,
	"emailed_to" integer,
	"email_error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generated_at" timestamp with time zone,
	CONSTRAINT "scheduled_reports_kind_period" UNIQUE("kind","period_start")
);
--> statement-breakpoint
ALTER TABLE "kb_imports" ADD CONSTRAINT "kb_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kb_imports" ADD CONSTRAINT "kb_imports_agency_scope_agencies_id_fk" FOREIGN KEY ("agency_scope") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kb_imports_status_idx" ON "kb_imports" USING btree ("status");--> statement-breakpoint
CREATE INDEX "kb_imports_created_by_idx" ON "kb_imports" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "scheduled_reports_created_idx" ON "scheduled_reports" USING btree ("created_at");