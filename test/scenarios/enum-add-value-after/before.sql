-- Labels are added AFTER existing ones, including two in a row in the middle.
create type public.stage as enum ('draft', 'published');
create table public.posts (id integer primary key, stage public.stage not null default 'draft');
insert into public.posts values (1, 'draft'), (2, 'published');
