create extension btree_gist;
create table public.prices (product integer not null, valid daterange not null, price numeric,
  constraint prices_pkey primary key (product, valid without overlaps));
