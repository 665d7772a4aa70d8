-- Written by hand (drizzle-kit does not manage functions), then the generated index statements, then ANALYZE.
-- The word index of a folded text (src/search/fold.ts): its words and every pair of adjacent words, as lexemes of a
-- tsvector ('le', 'loi', 'le loi'). A phrase is looked up by its pairs ('duong le' & 'le lo':*): rows holding all of
-- them nearly always hold the phrase, where its words alone, Vietnamese syllables, are in tens of thousands of tickets.
-- array_to_tsvector takes the lexemes as they are (no parser, no locale). PL/pgSQL: a loop over the words costs a
-- tenth of the equivalent regular expressions. COST: ≈ 30 µs a call, about a page read, so that the planner prefers
-- the index to computing it on every row. PARALLEL RESTRICTED keeps look-ups in this index out of parallel plans:
-- they read a few hundred rows, and starting workers would cost more (≈ 50 ms on a busy 2-core server).
CREATE OR REPLACE FUNCTION words_and_pairs(folded text) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED STRICT COST 500
  AS $$
DECLARE
  words text[] := array_remove(string_to_array(folded, ' '), '');
  lexemes text[] := words;
BEGIN
  FOR i IN 1 .. cardinality(words) - 1 LOOP
    lexemes := lexemes || (words[i] || ' ' || words[i + 1]);
  END LOOP;
  RETURN array_to_tsvector(lexemes);
END
$$;
--> statement-breakpoint
DROP INDEX "tickets_search_text_idx";--> statement-breakpoint
DROP INDEX "tickets_received_idx";--> statement-breakpoint
CREATE INDEX "tickets_agency_received_idx" ON "tickets" USING btree ("agency_id","received_at","id");--> statement-breakpoint
CREATE INDEX "tickets_search_words_idx" ON "tickets" USING gin (words_and_pairs("search_text"));--> statement-breakpoint
CREATE INDEX "tickets_received_idx" ON "tickets" USING btree ("received_at","id");--> statement-breakpoint
-- Statistics of the new index expression (only ANALYZE gathers them), for the planner's estimates of a look-up.
ANALYZE "tickets";