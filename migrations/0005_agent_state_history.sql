CREATE TABLE "agent_state_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"state" "agent_state" NOT NULL,
	"reason" text,
	"call_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "agent_state_history" ADD CONSTRAINT "agent_state_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_state_history" ADD CONSTRAINT "agent_state_history_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_state_history_user_started_idx" ON "agent_state_history" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "agent_state_history_call_idx" ON "agent_state_history" USING btree ("call_id");