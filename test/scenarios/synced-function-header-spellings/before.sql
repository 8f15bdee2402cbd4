-- pg_get_functiondef rebuilds the header (types, language, attributes) but keeps the body
-- text verbatim, so only the header is spelled differently here.
create function public.add(a int4, b int4) returns int4 language sql immutable as $$ select a + b $$;
