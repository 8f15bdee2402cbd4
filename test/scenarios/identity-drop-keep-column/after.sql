create table public.users (id integer not null primary key, name text);
