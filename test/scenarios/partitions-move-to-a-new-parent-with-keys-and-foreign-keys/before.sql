create table public.orders (id integer, region text, total integer, unique (region, id)) partition by list (region);
create table public.orders_eu partition of public.orders (primary key (region, total)) for values in ('eu');
create unique index orders_region_idx on public.orders (region);
create table public.lines (region text, sku text) partition by list (region);
create table public.lines_eu partition of public.lines for values in ('eu');
create unique index lines_region_idx on public.lines (region);
alter table public.lines add constraint lines_order_fk foreign key (region) references public.orders (region);
alter table public.orders add constraint orders_line_fk foreign key (region) references public.lines (region);
