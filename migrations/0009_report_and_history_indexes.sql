DROP INDEX "calls_caller_idx";--> statement-breakpoint
DROP INDEX "tickets_phone_idx";--> statement-breakpoint
CREATE INDEX "calls_caller_arrived_idx" ON "calls" USING btree ("caller_number","arrived_at");--> statement-breakpoint
CREATE INDEX "tickets_phone_received_idx" ON "tickets" USING btree ("citizen_phone","received_at");--> statement-breakpoint
CREATE INDEX "agent_state_history_ended_idx" ON "agent_state_history" USING btree ("ended_at");