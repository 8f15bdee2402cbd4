create schema core;
create schema reporting;
create table core.accounts (id integer constraint acct_pkey primary key, name text);
create table reporting.snapshots (id integer primary key, acct_id integer constraint snapshots_acct_fkey references core.accounts (id));
create view reporting.acct_names as select a.id, a.name from core.accounts a;
