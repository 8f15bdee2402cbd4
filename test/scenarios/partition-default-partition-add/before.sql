-- A DEFAULT partition is added to a list-partitioned table.
create table public.tickets (kind text not null, id integer not null) partition by list (kind);
create table public.tickets_bug partition of public.tickets for values in ('bug');
insert into public.tickets values ('bug', 1);
