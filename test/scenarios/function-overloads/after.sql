create function public.fmt(v integer) returns text language sql immutable as $$ select v::text $$;
create function public.fmt(v numeric) returns text language sql immutable as $$ select to_char(v, 'FM9999990.000') $$;
create function public.fmt(v boolean) returns text language sql immutable as $$ select case when v then 'yes' else 'no' end $$;
create function public.fmt(v integer, width integer) returns text language sql immutable as $$ select lpad(v::text, width) $$;
