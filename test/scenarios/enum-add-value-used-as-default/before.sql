-- A new label becomes the column default in the same migration. ADD VALUE must be
-- committed before the new label can be used ("unsafe use of new value"), so the plan
-- needs its own transaction for it.
create type public.ticket_state as enum ('open', 'closed');
create table public.tickets (id integer primary key, state public.ticket_state not null default 'open');
insert into public.tickets values (1, 'open'), (2, 'closed');
