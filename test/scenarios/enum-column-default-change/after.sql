create type public.visibility as enum ('private', 'internal', 'public');
create table public.docs (id integer primary key, visibility public.visibility not null default 'internal');
