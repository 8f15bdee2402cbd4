create table public.users (id integer primary key, email text not null unique);
