-- A label no row uses is removed: PostgreSQL cannot drop an enum value, so the type is
-- recreated and the columns (with their default) are cast through text.
create type public.plan as enum ('free', 'trial', 'pro');
create table public.accounts (id integer primary key, plan public.plan not null default 'free');
insert into public.accounts values (1, 'free'), (2, 'pro');
