create table public.products (id integer primary key, price numeric, discount numeric,
  constraint price_positive check (price > 0),
  constraint discount_small check (discount < 50));
insert into public.products values (1, 10, 5);
