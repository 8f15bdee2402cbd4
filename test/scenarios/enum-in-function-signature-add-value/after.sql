create type public.light as enum ('red', 'green', 'yellow');
create function public.next_light(l public.light) returns public.light language sql immutable
  as $$ select case l when 'red' then 'green'::public.light when 'green' then 'yellow'::public.light else 'red'::public.light end $$;
