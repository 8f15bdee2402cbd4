create table public.visits (id integer primary key, page text, at timestamptz);
insert into public.visits values (1, '/', now()), (2, '/about', now());
create materialized view public.old_stats as select count(*) as n from public.visits;
