create type public.flag as enum ('red', 'amber', 'green');
create table public.reports (id integer primary key, flags public.flag[] not null default '{green}');
