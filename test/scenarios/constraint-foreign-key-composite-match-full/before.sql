-- A composite foreign key with MATCH FULL across schemas with awkward names.
create schema "Inventory";
create table "Inventory"."Warehouse Bins" (site text, bin integer, primary key (site, bin));
create table public.stock (id integer primary key, site text, bin integer);
insert into "Inventory"."Warehouse Bins" values ('north', 1);
insert into public.stock values (1, 'north', 1), (2, null, null);
