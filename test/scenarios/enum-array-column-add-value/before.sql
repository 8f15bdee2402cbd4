-- Adding a label to an enum used as an array column is a plain ADD VALUE.
create type public.weekday as enum ('mon', 'tue', 'wed', 'thu', 'fri');
create table public.schedules (id integer primary key, days public.weekday[] not null);
insert into public.schedules values (1, '{mon,wed}'), (2, '{fri}');
