-- Extensions first: trigram indexes and accent-insensitive search of Vietnamese text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is STABLE; an IMMUTABLE wrapper with an explicit dictionary can back indexes.
-- The default unaccent rules fold Vietnamese diacritics and đ/Đ to d/D.
CREATE OR REPLACE FUNCTION f_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
