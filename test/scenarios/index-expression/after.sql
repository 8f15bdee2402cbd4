create table public.people (id integer primary key, first text, last text, data jsonb);
create index people_full_name_idx on public.people ((first || ' ' || last));
create index people_city_idx on public.people ((data ->> 'city'), lower(last));
