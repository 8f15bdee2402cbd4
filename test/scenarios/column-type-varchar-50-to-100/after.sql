create table public.users (id integer primary key, name varchar(100) not null);
