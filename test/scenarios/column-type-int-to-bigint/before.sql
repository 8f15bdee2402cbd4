-- integer → bigint on a primary key referenced by a foreign key, with rows: the
-- referencing column widens too.
create table public.accounts (id integer primary key, name text);
create table public.payments (id integer primary key, account_id integer references public.accounts (id));
insert into public.accounts values (1, 'a'), (2147483647, 'max');
insert into public.payments values (1, 2147483647);
