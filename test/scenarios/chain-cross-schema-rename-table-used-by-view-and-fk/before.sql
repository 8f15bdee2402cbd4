-- A table referenced by a view and a foreign key in another schema is renamed; the
-- dependents keep pointing at it (they hold its OID) and print the new name.
create schema core;
create schema reporting;
create table core.acct (id integer constraint acct_pkey primary key, name text);
create table reporting.snapshots (id integer primary key, acct_id integer constraint snapshots_acct_fkey references core.acct (id));
create view reporting.acct_names as select a.id, a.name from core.acct a;
insert into core.acct values (1, 'a');
insert into reporting.snapshots values (1, 1);
