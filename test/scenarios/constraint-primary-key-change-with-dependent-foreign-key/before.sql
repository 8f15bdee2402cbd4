-- The primary key a foreign key depends on is recreated (it gains INCLUDE): the foreign
-- key must be dropped first and added back after.
create table public.parents (id integer not null, name text, constraint parents_pkey primary key (id));
create table public.children (id integer primary key, parent_id integer constraint children_parent_fkey references public.parents (id));
insert into public.parents values (1, 'p');
insert into public.children values (1, 1);
