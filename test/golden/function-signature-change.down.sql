SET LOCAL check_function_bodies = false;

CREATE OR REPLACE FUNCTION public.greet(name text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ select 'Hello, ' || name $function$;

DROP FUNCTION "public"."greet"(name text, punctuation text);
