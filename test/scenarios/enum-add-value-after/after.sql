create type public.stage as enum ('draft', 'review', 'approved', 'published', 'archived');
create table public.posts (id integer primary key, stage public.stage not null default 'draft');
