-- An enum under a domain (with a check naming a label) loses an unused label: the
-- enum's recreate has to take the domain and the column using it along.
create type public.level as enum ('trace', 'debug', 'info', 'error');
create domain public.log_level as public.level check (value <> 'debug');
create table public.logs (id integer primary key, level public.log_level not null);
insert into public.logs values (1, 'info'), (2, 'error');
