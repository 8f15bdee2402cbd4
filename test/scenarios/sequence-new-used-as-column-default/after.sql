create sequence public.ticket_number_seq as integer start with 100;
create table public.tickets (id integer primary key, number integer default nextval('public.ticket_number_seq'));
alter sequence public.ticket_number_seq owned by public.tickets.number;
