create table public.items (id integer generated always as identity, name text, constraint items_pkey primary key (id));
