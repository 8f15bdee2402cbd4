-- The generation expression changes (drop and re-add before 17): its index, unique constraint
-- and check come back with the column.
create table public.people (id integer primary key, first text not null, last text not null,
  full_name text generated always as (last || ', ' || first) stored,
  constraint people_full_name_len check (length(full_name) < 200),
  constraint people_full_name_key unique (full_name));
create index people_full_name_idx on public.people (lower(full_name));
