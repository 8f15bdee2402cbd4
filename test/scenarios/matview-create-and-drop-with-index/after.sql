create table public.visits (id integer primary key, page text, at timestamptz);
create materialized view public.page_counts as select page, count(*) as n from public.visits group by page;
create unique index page_counts_page_idx on public.page_counts (page);
comment on materialized view public.page_counts is 'refreshed nightly';
