-- A text column with a default and valid labels becomes an enum (new type, USING cast,
-- default dropped and re-set around the type change).
create table public.orders (id integer primary key, status text not null default 'new');
insert into public.orders values (1, 'new'), (2, 'shipped');
