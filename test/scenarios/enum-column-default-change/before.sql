-- Only the default of an enum column changes (both labels exist on both sides).
create type public.visibility as enum ('private', 'internal', 'public');
create table public.docs (id integer primary key, visibility public.visibility not null default 'private');
insert into public.docs values (1, 'public');
