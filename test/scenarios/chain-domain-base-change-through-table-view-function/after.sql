create domain public.amount as numeric(12, 2) check (value >= 0);
create table public.payments (id integer primary key, amount public.amount not null);
create view public.large_payments as select id, amount from public.payments where amount > 100;
create function public.largest() returns setof public.large_payments language sql stable
  as $$ select * from public.large_payments order by amount desc limit 1 $$;
