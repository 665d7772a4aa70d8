CREATE TABLE "supervision_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"supervisor_user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"endpoint" text NOT NULL,
	"phone_leg_id" text NOT NULL,
	"bridge_id" text,
	"snoop_id" text,
	"state" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "operator_leg_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "transfer_session" jsonb;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "draft" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_supervisor_user_id_users_id_fk" FOREIGN KEY ("supervisor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_sessions_call_idx" ON "supervision_sessions" USING btree ("call_id");