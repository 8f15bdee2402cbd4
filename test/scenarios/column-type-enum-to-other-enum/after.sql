-- A column moves from one enum type to another: there is no cast between them, so it goes
-- through text, its default dropped and set again.
create type public.mood as enum ('sad', 'ok', 'happy');
create type public.feeling as enum ('sad', 'ok', 'happy', 'ecstatic');
create table public.people (id integer primary key, mood public.feeling not null default 'ok', moods public.feeling[]);
