-- The table column a view reads is retyped: PostgreSQL refuses ALTER COLUMN TYPE while a
-- view uses the column, so the view is dropped first and recreated after (its column's
-- type follows). Rows survive.
create table public.products (id integer primary key, price integer not null, name text);
create view public.cheap_products as select id, name, price from public.products where price < 10;
insert into public.products values (1, 5, 'pen'), (2, 50, 'book');
