-- A parameter is added: a different function to PostgreSQL (drop the old, create the new).
create function public.greet(name text) returns text language sql immutable as $$ select 'Hello, ' || name $$;
