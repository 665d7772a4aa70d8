ALTER TABLE "kb_entries" ADD COLUMN "search_question" text GENERATED ALWAYS AS (' ' || regexp_replace(lower(f_unaccent("question")), '[^a-z0-9]+', ' ', 'g') || ' ') STORED;--> statement-breakpoint
ALTER TABLE "kb_entries" ADD COLUMN "search_question_keywords" text GENERATED ALWAYS AS (' ' || regexp_replace(lower(f_unaccent("question" || ' ' || coalesce("keywords", ''))), '[^a-z0-9]+', ' ', 'g') || ' ') STORED;--> statement-breakpoint
ALTER TABLE "kb_entries" ADD COLUMN "search_all_words" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', ' ' || regexp_replace(lower(f_unaccent("question" || ' ' || coalesce("keywords", '') || ' ' || "answer")), '[^a-z0-9]+', ' ', 'g') || ' ')) STORED;--> statement-breakpoint
CREATE INDEX "kb_entries_search_question_idx" ON "kb_entries" USING gin ("search_question" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "kb_entries_search_question_keywords_idx" ON "kb_entries" USING gin ("search_question_keywords" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "kb_entries_search_all_words_idx" ON "kb_entries" USING gin ("search_all_words");--> statement-breakpoint
CREATE INDEX "kb_entries_field_idx" ON "kb_entries" USING btree ("field_id");--> statement-breakpoint
CREATE INDEX "kb_entries_agency_idx" ON "kb_entries" USING btree ("agency_id");