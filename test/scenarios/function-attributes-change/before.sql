-- Volatility, STRICT, SECURITY DEFINER, LEAKPROOF, PARALLEL and COST change (ALTER FUNCTION
-- or CREATE OR REPLACE).
create function public.a(x integer) returns integer language sql volatile as $$ select x + 1 $$;
create function public.b(x integer) returns integer language sql immutable strict as $$ select x + 1 $$;
create function public.c() returns text language sql stable security definer as $$ select current_user::text $$;
create function public.d(x integer) returns boolean language sql immutable as $$ select x > 0 $$;
