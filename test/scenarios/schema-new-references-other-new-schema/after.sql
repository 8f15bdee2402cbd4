create table public.settings (k text primary key, v text);

create schema core;
create type core.plan as enum ('free', 'pro');
create table core.users (id bigint generated always as identity primary key, email text not null unique, plan core.plan not null default 'free');

create schema billing;
create table billing.charges (
  id bigint generated always as identity primary key,
  user_id bigint not null references core.users (id) on delete cascade,
  amount numeric(10, 2) not null check (amount > 0),
  plan core.plan not null
);
create view billing.revenue_by_plan as
  select c.plan, sum(c.amount) as revenue from billing.charges c join core.users u on u.id = c.user_id group by c.plan;
create function billing.revenue(p core.plan) returns numeric language sql stable
  as $$ select coalesce(sum(amount), 0) from billing.charges where plan = p $$;
