create type public.level as enum ('debug', 'info', 'warn', 'error');
create domain public.log_level as public.level not null default 'warn';
create table public.logs (id integer primary key, level public.log_level);
