-- A value is removed from an enum while the only column holding it is
-- dropped: the column goes first, so the in-use check has nothing to stop.
create type public.level as enum ('low', 'mid', 'high');
create table public.alerts (id integer primary key, level public.level not null, old_level public.level);
insert into public.alerts values (1, 'low', 'mid');
