ALTER TABLE "calls" ADD COLUMN "over_capacity_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "calls_ended_idx" ON "calls" USING btree ("ended_at");