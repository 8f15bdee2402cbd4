-- A primary key is added to a table with unique, non-null rows.
create table public.tags (name text not null, created date);
insert into public.tags values ('a', null), ('b', '2024-01-01');
