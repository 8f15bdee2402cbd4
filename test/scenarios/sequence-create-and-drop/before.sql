create sequence public.old_numbers;
create table public.t (id integer primary key);
