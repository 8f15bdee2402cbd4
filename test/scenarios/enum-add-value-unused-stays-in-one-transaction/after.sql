create type public.phase as enum ('draft', 'review', 'live');
create table public.posts (id integer primary key, phase public.phase not null default 'draft');
