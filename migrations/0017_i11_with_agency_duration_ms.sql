ALTER TYPE "public"."call_status" ADD VALUE 'with_agency' BEFORE 'ended';--> statement-breakpoint
ALTER TABLE "recordings" ADD COLUMN "duration_ms" integer;