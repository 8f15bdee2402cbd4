create type public.mood as enum ('sad', 'ok', 'happy');
create table public.diary (id integer primary key, mood public.mood not null);
