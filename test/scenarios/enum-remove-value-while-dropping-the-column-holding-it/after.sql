create type public.level as enum ('low', 'high');
create table public.alerts (id integer primary key, level public.level not null);
