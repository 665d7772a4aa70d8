CREATE TYPE "public"."agent_state" AS ENUM('offline', 'available', 'ringing', 'on_call', 'wrap_up', 'paused');--> statement-breakpoint
CREATE TABLE "agent_states" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"state" "agent_state" DEFAULT 'offline' NOT NULL,
	"reason" text,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"call_id" uuid,
	"last_call_ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_states" ADD CONSTRAINT "agent_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_states" ADD CONSTRAINT "agent_states_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_states_state_idx" ON "agent_states" USING btree ("state");