-- Written by hand (issue 12): words_and_pairs of migration 0010, with every word cut to its first 100 characters.
-- A tsvector lexeme holds at most 2,047 bytes: a longer word (a pasted link, a citizen holding a key down) made the
-- ticket's insert fail on PostgreSQL 16+ and PGlite ("word is too long"), and wrapped the lexeme's length on 15.
-- Folded words are [a-z0-9] only, so 100 characters are 100 bytes and a pair at most 201. The text is stored whole;
-- a search cuts the words typed the same way (src/search/typed.ts) and checks the phrase on search_text, so the
-- results are exact. The index is rebuilt: its entries were made by the old function.
CREATE OR REPLACE FUNCTION words_and_pairs(folded text) RETURNS tsvector
  LANGUAGE plpgsql IMMUTABLE PARALLEL RESTRICTED STRICT COST 500
  AS $$
DECLARE
  words text[] := array(SELECT left(word, 100) FROM unnest(string_to_array(folded, ' ')) AS word WHERE word <> '');
  lexemes text[] := words;
BEGIN
  FOR i IN 1 .. cardinality(words) - 1 LOOP
    lexemes := lexemes || (words[i] || ' ' || words[i + 1]);
  END LOOP;
  RETURN array_to_tsvector(lexemes);
END
$$;
--> statement-breakpoint
REINDEX INDEX "tickets_search_words_idx";
