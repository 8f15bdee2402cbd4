-- A label that rows still hold is removed: the migration must stop with
-- ENUM_VALUE_IN_USE before changing anything, instead of failing mid-cast or corrupting.
create type public.plan as enum ('free', 'trial', 'pro');
create table public.accounts (id integer primary key, plan public.plan not null);
insert into public.accounts values (1, 'free'), (2, 'trial'), (3, 'pro');
