create type public.mood as enum ('sad', 'ok', 'happy');
create type public.feeling as enum ('sad', 'ok', 'happy', 'ecstatic');
create table public.people (id integer primary key, mood public.mood not null default 'ok', moods public.mood[]);
insert into public.people values (1, 'happy', '{sad,ok}'), (2, default, null);
