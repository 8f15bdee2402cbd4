-- The bottom of a chain changes: a domain's base type widens. The column using it, the
-- view on the column and the SQL function returning the view's rows all stand in the way.
create domain public.amount as numeric(8, 2) check (value >= 0);
create table public.payments (id integer primary key, amount public.amount not null);
create view public.large_payments as select id, amount from public.payments where amount > 100;
create function public.largest() returns setof public.large_payments language sql stable
  as $$ select * from public.large_payments order by amount desc limit 1 $$;
insert into public.payments values (1, 50), (2, 150.50);
