create type public.plan as enum ('free', 'pro');
create table public.accounts (id integer primary key, plan public.plan not null default 'free');
