create type public.ticket_state as enum ('triage', 'open', 'closed');
create table public.tickets (id integer primary key, state public.ticket_state not null default 'triage');
