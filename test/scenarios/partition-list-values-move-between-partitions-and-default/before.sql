create table public.stores (region text not null, id integer not null) partition by list (region);
create table public.stores_west partition of public.stores for values in ('ca', 'or');
create table public.stores_east partition of public.stores for values in ('ny');
create table public.stores_other partition of public.stores default;
