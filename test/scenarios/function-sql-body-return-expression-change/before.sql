-- A SQL-standard RETURN body changes; pg_get_functiondef prints it normalized.
create function public.double_it(x integer) returns integer language sql immutable return x * 2;
