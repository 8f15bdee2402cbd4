create table public.t (id integer primary key, v text);
create function public.min_max(variadic vals integer[], out lo integer, out hi integer) language sql immutable
  as $$ select min(x), max(x) from unnest(vals) as x $$;
create function public.all_rows() returns setof public.t language sql stable as $$ select * from public.t $$;
create function public."Weird ""Name"""(in "a b" text, inout "c" integer default 0) language plpgsql
  as $$ begin c := c + length("a b"); end $$;
