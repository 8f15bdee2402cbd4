create table public.parents (id integer not null, name text, constraint parents_pkey primary key (id) include (name));
create table public.children (id integer primary key, parent_id integer constraint children_parent_fkey references public.parents (id));
