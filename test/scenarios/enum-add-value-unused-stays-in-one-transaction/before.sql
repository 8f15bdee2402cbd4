-- A value is added and, in the same migration, a default of another value is
-- set: nothing uses the new value, so one transaction is enough.
create type public.phase as enum ('draft', 'live');
create table public.posts (id integer primary key, phase public.phase not null);
insert into public.posts values (1, 'draft');
