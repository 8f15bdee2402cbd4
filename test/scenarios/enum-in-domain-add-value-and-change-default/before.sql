-- A domain over an enum gets a new default that is a new label of the enum.
create type public.level as enum ('debug', 'info', 'error');
create domain public.log_level as public.level not null default 'info';
create table public.logs (id integer primary key, level public.log_level);
insert into public.logs values (1, 'debug'), (2, 'error');
