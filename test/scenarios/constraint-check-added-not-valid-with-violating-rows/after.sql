create table public.people (id integer primary key, age integer);
alter table public.people add constraint people_age_check check (age >= 0) not valid;
