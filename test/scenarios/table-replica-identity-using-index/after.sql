-- USING INDEX: onto an existing index, off a key's index to FULL, kept on an
-- index whose definition changes (made again, so set again), on a new table,
-- and an index that stops being the identity and is dropped.
create table public.accounts (id integer primary key, email text not null);
create unique index accounts_email_idx on public.accounts (email);
alter table public.accounts replica identity using index accounts_email_idx;
create table public.orders (id integer not null, ref text not null, constraint orders_pkey primary key (id));
alter table public.orders replica identity full;
create table public.items (id integer not null, sku text not null, code text not null);
create unique index items_natural on public.items (sku, code);
alter table public.items replica identity using index items_natural;
create table public.old_log (id integer not null);
create table public.tickets (id integer not null, "Code" text not null, constraint "Tickets Key" unique ("Code"));
alter table public.tickets replica identity using index "Tickets Key";
insert into public.accounts values (1, 'a@example.com');
insert into public.items values (1, 'x', 'y');
