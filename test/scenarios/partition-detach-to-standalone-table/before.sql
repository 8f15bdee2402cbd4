-- A partition is detached and lives on as a table with its rows. The primary key it got
-- from the parent stays as its own constraint, named after the partition.
create table public.events (id integer not null, at date not null, primary key (id, at)) partition by range (at);
create table public.events_old partition of public.events for values from ('2000-01-01') to ('2024-01-01');
create table public.events_new partition of public.events for values from ('2024-01-01') to ('2100-01-01');
insert into public.events values (1, '2023-05-05'), (2, '2024-05-05');
