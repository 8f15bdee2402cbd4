-- A text column becomes the enum while the enum gains the value some rows
-- hold: the cast uses the new value, so ADD VALUE must commit first.
create type public.mood as enum ('happy', 'sad');
create table public.people (id integer primary key, mood text not null);
insert into public.people values (1, 'happy'), (2, 'meh');
