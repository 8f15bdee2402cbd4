create table public.people (id integer primary key, first text, last text, initials text,
  full_name text generated always as (first || ' ' || last) stored);
