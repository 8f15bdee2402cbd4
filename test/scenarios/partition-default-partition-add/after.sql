create table public.tickets (kind text not null, id integer not null) partition by list (kind);
create table public.tickets_bug partition of public.tickets for values in ('bug');
create table public.tickets_other partition of public.tickets default;
