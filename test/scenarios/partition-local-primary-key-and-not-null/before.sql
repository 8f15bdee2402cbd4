create table public.events (id integer, kind text not null, "Payload" text not null) partition by list (kind);
create table public.events_a partition of public.events for values in ('a');
create table public.events_b partition of public.events for values in ('b');
insert into public.events values (1, 'a', 'x'), (2, 'b', 'y');
