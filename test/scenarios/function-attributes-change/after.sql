create function public.a(x integer) returns integer language sql immutable parallel safe as $$ select x + 1 $$;
create function public.b(x integer) returns integer language sql immutable called on null input as $$ select x + 1 $$;
create function public.c() returns text language sql stable security invoker as $$ select current_user::text $$;
create function public.d(x integer) returns boolean language sql immutable leakproof cost 5 as $$ select x > 0 $$;
