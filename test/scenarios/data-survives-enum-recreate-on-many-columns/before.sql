-- An enum used by three columns in two tables (plain, array, with default) loses an
-- unused label and is reordered; every column is cast through text and every row survives.
create type public.color as enum ('red', 'green', 'blue', 'unused');
create table public.cars (id integer primary key, paint public.color not null default 'red', trims public.color[]);
create table public.bikes (id integer primary key, frame public.color);
insert into public.cars values (1, 'blue', '{red,green}'), (2, 'red', null);
insert into public.bikes values (1, 'green'), (2, null);
