create table public.people (id integer primary key, first text, last text,
  display text generated always as (last || ', ' || first) virtual);
