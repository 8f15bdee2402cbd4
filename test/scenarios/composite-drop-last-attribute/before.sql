create type public.dims as (width integer, height integer, depth integer);
create function public.volume(d public.dims) returns integer language sql immutable
  as $$ select d.width * d.height $$;
