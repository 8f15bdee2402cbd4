-- A column is retyped under a view, a materialized view on it (with an index), an
-- INSTEAD OF trigger on the view and a function reading the column; a primary key gains
-- INCLUDE under a foreign key. All of them are dropped and created again around the
-- change, and each comes back with its comments (and its columns' comments).
create table public.orders (id integer primary key, total integer not null, note text);
create view public."Open orders" as select id, total, note from public.orders where total > 0;
comment on view public."Open orders" is 'Orders with a total.';
comment on column public."Open orders".total is 'In cents.';
create materialized view public.order_stats as select max(total) as hi from public."Open orders";
comment on materialized view public.order_stats is 'Largest open order.';
comment on column public.order_stats.hi is 'Largest total.';
create index order_stats_hi on public.order_stats (hi);
comment on index public.order_stats_hi is 'For lookups by total.';
create function public.orders_open_ins() returns trigger language plpgsql as $$
begin insert into public.orders (id, total) values (new.id, new.total); return new; end
$$;
create trigger orders_open_ins instead of insert on public."Open orders" for each row execute function public.orders_open_ins();
comment on trigger orders_open_ins on public."Open orders" is 'Inserts go to orders.';
create function public.orders_sum() returns bigint language sql stable
begin atomic
  select sum(total) from public.orders;
end;
comment on function public.orders_sum() is 'Sum of all totals.';
create table public.parents (id integer not null, name text, constraint parents_pkey primary key (id));
create table public.children (id integer primary key, parent_id integer constraint children_parent_fkey references public.parents (id));
comment on constraint children_parent_fkey on public.children is 'Every child has a parent.';
insert into public.orders values (1, 10, 'a'), (2, 20, null);
insert into public.parents values (1, 'p');
insert into public.children values (1, 1);
