create type public.color as enum ('blue', 'green', 'red');
create table public.cars (id integer primary key, paint public.color not null default 'red', trims public.color[]);
create table public.bikes (id integer primary key, frame public.color);
