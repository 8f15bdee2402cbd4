-- A materialized view's query changes: there is no CREATE OR REPLACE for those, so it is
-- dropped and created again, and its index with it.
create table public.visits (id integer primary key, page text, at timestamptz);
insert into public.visits values (1, '/', '2024-01-01 00:00:00+00');
create materialized view public.page_counts as select page, count(*) as n from public.visits group by page;
create unique index page_counts_page_idx on public.page_counts (page);
