create table public.people (id integer primary key, first text not null, last text not null,
  full_name text generated always as (first || ' ' || last) stored,
  constraint people_full_name_len check (length(full_name) < 200),
  constraint people_full_name_key unique (full_name));
create index people_full_name_idx on public.people (lower(full_name));
insert into public.people values (1, 'Ada', 'Lovelace');
