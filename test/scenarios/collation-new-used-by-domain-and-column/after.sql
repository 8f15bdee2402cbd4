create collation public.sku_order (locale = 'C');
create domain public.sku_code as text collate public.sku_order check (length(value) <= 16);
create table public.products (id integer primary key, sku text collate public.sku_order not null);
create index products_sku_idx on public.products (sku);
