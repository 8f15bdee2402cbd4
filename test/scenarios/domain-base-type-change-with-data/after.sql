create domain public.username as varchar(64) not null check (value ~ '^[a-z0-9_]+$');
create table public.accounts (id integer primary key, username public.username);
