create type public.mood as enum ('happy', 'meh', 'sad');
create table public.people (id integer primary key, mood public.mood not null);
