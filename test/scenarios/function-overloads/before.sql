-- Overloads are distinct objects keyed by their argument types: one is added, one
-- dropped, one changes body, one stays.
create function public.fmt(v integer) returns text language sql immutable as $$ select v::text $$;
create function public.fmt(v numeric) returns text language sql immutable as $$ select to_char(v, 'FM999990.00') $$;
create function public.fmt(v date) returns text language sql immutable as $$ select to_char(v, 'YYYY-MM-DD') $$;
