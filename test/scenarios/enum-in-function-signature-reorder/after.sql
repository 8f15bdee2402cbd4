create type public.tier as enum ('bronze', 'silver', 'gold');
create table public.customers (id integer primary key, tier public.tier not null);
create function public.discount(t public.tier) returns numeric language sql immutable
  as $$ select case t when 'gold' then 0.2 when 'silver' then 0.1 else 0 end $$;
