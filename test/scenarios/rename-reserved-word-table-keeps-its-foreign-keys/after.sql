create table public.purchases (id integer primary key, "select" text);
create table public.line (id integer primary key, order_id integer not null references public.purchases (id));
create view public.order_totals as select o.id, count(l.id) as lines from public.purchases o left join public.line l on l.order_id = o.id group by o.id;
