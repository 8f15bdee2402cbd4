SET LOCAL check_function_bodies = false;

CREATE OR REPLACE FUNCTION public.greet(name text, punctuation text DEFAULT '!'::text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ select 'Hello, ' || name || punctuation $function$;

DROP FUNCTION "public"."greet"(name text);
