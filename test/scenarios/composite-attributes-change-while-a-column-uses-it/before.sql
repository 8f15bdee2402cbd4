create type public.money_amount as (amount integer, currency text, note text);
create table public.orders (id integer primary key, total public.money_amount);
insert into public.orders values (1, row(100, 'EUR', 'x')), (2, null);
