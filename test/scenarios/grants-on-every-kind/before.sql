-- Roles are the cluster's, not the schema's: made here once, never dropped.
do $$ begin create role pgstrata_reader nologin; exception when duplicate_object then null; end $$;
do $$ begin create role "Pgstrata Writer" nologin; exception when duplicate_object then null; end $$;

create schema app;
create table app.accounts (id integer primary key, email text, "Secret Note" text);
create sequence app.invoice_no;
create view app.account_emails as select id, email from app.accounts;
create materialized view app.account_count as select count(*) as n from app.accounts;
create function app.touch(x integer) returns integer language sql as 'select x';
create procedure app.tidy() language sql as 'select 1';
create type app.mood as enum ('ok', 'sad');
create domain app.email as text;
create type app.pair as (a integer, b integer);
grant select on app.accounts to pgstrata_reader;
grant insert, update on app.accounts to "Pgstrata Writer" with grant option;
grant select (email) on app.accounts to "Pgstrata Writer";
