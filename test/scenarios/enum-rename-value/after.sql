create type public.status as enum ('active', 'inactive');
create table public.members (id integer primary key, status public.status not null default 'active');
