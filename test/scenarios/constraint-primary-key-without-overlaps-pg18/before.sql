-- A temporal primary key (WITHOUT OVERLAPS, PostgreSQL 18) replaces a plain one; it needs
-- btree_gist for the scalar part.
create extension btree_gist;
create table public.prices (product integer not null, valid daterange not null, price numeric,
  constraint prices_pkey primary key (product, valid));
insert into public.prices values (1, '[2024-01-01,2024-06-01)', 10), (1, '[2024-06-01,2025-01-01)', 12);
