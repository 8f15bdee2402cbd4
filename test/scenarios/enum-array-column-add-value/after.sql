create type public.weekday as enum ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun');
create table public.schedules (id integer primary key, days public.weekday[] not null);
