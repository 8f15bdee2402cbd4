-- A partition's bound widens: DETACH then ATTACH with the new bound; rows stay.
create table public.customers (country text not null, id integer not null) partition by list (country);
create table public.customers_dach partition of public.customers for values in ('de', 'at');
create table public.customers_rest partition of public.customers default;
insert into public.customers values ('de', 1), ('at', 2), ('fr', 3);
