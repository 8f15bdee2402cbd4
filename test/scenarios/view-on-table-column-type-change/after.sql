create table public.products (id integer primary key, price numeric(10, 2) not null, name text);
create view public.cheap_products as select id, name, price from public.products where price < 10;
