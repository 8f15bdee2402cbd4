-- Roles are the cluster's, not the schema's: made here once, never dropped.
do $$ begin create role pgstrata_reader nologin; exception when duplicate_object then null; end $$;
do $$ begin create role "Pgstrata Writer" nologin; exception when duplicate_object then null; end $$;

-- Grants and revokes on each kind that has privileges: schema, table, column,
-- view, materialized view, sequence, function, procedure, enum, domain,
-- composite; a grant option taken away and one given; PUBLIC's defaults revoked.
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
grant usage on schema app to pgstrata_reader;
grant select, references on app.accounts to pgstrata_reader with grant option;
grant insert on app.accounts to "Pgstrata Writer";
grant update ("Secret Note"), select (email, id) on app.accounts to "Pgstrata Writer";
grant usage, select on sequence app.invoice_no to "Pgstrata Writer";
grant select on app.account_emails to public;
grant select on app.account_count to pgstrata_reader;
revoke execute on function app.touch(integer) from public;
grant execute on function app.touch(integer) to pgstrata_reader;
grant execute on procedure app.tidy() to "Pgstrata Writer";
revoke usage on type app.mood from public;
grant usage on type app.mood to pgstrata_reader;
grant usage on domain app.email to "Pgstrata Writer" with grant option;
revoke usage on type app.pair from public;
