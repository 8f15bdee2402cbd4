-- A table with rows, an index and a foreign key to another table is dropped.
create table public.parents (id integer primary key);
create table public.children (id integer primary key, parent_id integer references public.parents (id));
create index children_parent_idx on public.children (parent_id);
insert into public.parents values (1);
insert into public.children values (1, 1);
