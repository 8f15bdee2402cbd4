-- A new collation is used by a new domain and by an existing column with rows, which
-- changes collation (ALTER COLUMN … TYPE text COLLATE …, which rebuilds its index).
create table public.products (id integer primary key, sku text not null);
create index products_sku_idx on public.products (sku);
insert into public.products values (1, 'b-2'), (2, 'A-1'), (3, 'a-1');
