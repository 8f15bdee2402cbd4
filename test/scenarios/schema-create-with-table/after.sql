create table public.accounts (id integer primary key, name text not null);

create schema "Reporting & Analytics";
comment on schema "Reporting & Analytics" is 'read models';
create table "Reporting & Analytics"."Daily Totals" (
  day date primary key,
  total numeric(12, 2) not null default 0
);
