create schema "Inventory";
create table "Inventory"."Warehouse Bins" (site text, bin integer, primary key (site, bin));
create table public.stock (id integer primary key, site text, bin integer,
  constraint stock_bin_fkey foreign key (site, bin) references "Inventory"."Warehouse Bins" (site, bin) match full on delete cascade);
