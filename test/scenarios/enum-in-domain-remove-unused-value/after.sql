create type public.level as enum ('debug', 'info', 'error');
create domain public.log_level as public.level check (value <> 'debug');
create table public.logs (id integer primary key, level public.log_level not null);
