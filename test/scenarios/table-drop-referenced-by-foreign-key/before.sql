-- The dropped table is the one referenced: the foreign key on the surviving table (and
-- its column) go first.
create table public.categories (id integer primary key, name text);
create table public.products (id integer primary key, name text, category_id integer references public.categories (id));
insert into public.categories values (1, 'tools');
insert into public.products values (1, 'hammer', 1);
