create table public.events (kind text not null, payload text) partition by list (kind);
create table public.events_a partition of public.events for values in ('a');
insert into public.events values ('a', 'x');
