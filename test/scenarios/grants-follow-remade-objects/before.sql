-- Roles are the cluster's, not the schema's: made here once, never dropped.
do $$ begin create role pgstrata_reader nologin; exception when duplicate_object then null; end $$;
do $$ begin create role "Pgstrata Writer" nologin; exception when duplicate_object then null; end $$;

create table public.orders (id integer primary key, total integer, placed integer, state text);
create type public.status as enum ('new', 'paid', 'void');
create table public.events (id integer primary key, status public.status);
create view public.order_totals as select id, total from public.orders;
grant select on public.order_totals to pgstrata_reader;
grant select (placed) on public.orders to pgstrata_reader;
grant usage on type public.status to "Pgstrata Writer";
create function public.total_of(o public.orders) returns integer language sql as 'select o.total';
revoke execute on function public.total_of(public.orders) from public;
grant execute on function public.total_of(public.orders) to pgstrata_reader;
