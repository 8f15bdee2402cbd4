-- Two partitioned tables that reference each other are replaced by new
-- parents; their partitions move over, keeping their own keys, their indexes
-- attached to the new parents' indexes, and the foreign keys cloned from them.
create table public.orders_v2 (id integer, region text, total integer, unique (region, id)) partition by list (region);
create table public.orders_eu partition of public.orders_v2 (primary key (region, total)) for values in ('eu');
create unique index orders_region_idx on public.orders_v2 (region);
create table public.lines_v2 (region text, sku text) partition by list (region);
create table public.lines_eu partition of public.lines_v2 for values in ('eu');
create unique index lines_region_idx on public.lines_v2 (region);
alter table public.lines_v2 add constraint lines_order_fk foreign key (region) references public.orders_v2 (region);
alter table public.orders_v2 add constraint orders_line_fk foreign key (region) references public.lines_v2 (region);
