-- A domain's base type changes (varchar(20) → varchar(64)): there is no ALTER DOMAIN for
-- that, so the domain is recreated and the column using it (with rows) is retyped around it.
create domain public.username as varchar(20) not null check (value ~ '^[a-z0-9_]+$');
create table public.accounts (id integer primary key, username public.username);
insert into public.accounts values (1, 'ada'), (2, 'grace_h');
