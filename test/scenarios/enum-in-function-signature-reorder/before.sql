-- Reordering an enum used in a function's signature: recreating the type means the
-- function (and the column using the type) must be dropped and recreated around it.
create type public.tier as enum ('gold', 'silver', 'bronze');
create table public.customers (id integer primary key, tier public.tier not null);
insert into public.customers values (1, 'gold'), (2, 'bronze');
create function public.discount(t public.tier) returns numeric language sql immutable
  as $$ select case t when 'gold' then 0.2 when 'silver' then 0.1 else 0 end $$;
