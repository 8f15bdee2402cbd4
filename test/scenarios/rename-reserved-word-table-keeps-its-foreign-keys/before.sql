-- A table named with a reserved word is renamed: PostgreSQL prints it quoted
-- ("order") in the foreign key's definition, which must follow the rename
-- instead of being dropped and added again.
create table public."order" (id integer primary key, "select" text);
create table public.line (id integer primary key, order_id integer not null references public."order" (id));
create view public.order_totals as select o.id, count(l.id) as lines from public."order" o left join public.line l on l.order_id = o.id group by o.id;
insert into public."order" values (1, 'x');
insert into public.line values (1, 1);
