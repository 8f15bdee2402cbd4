create schema ext;
create extension citext schema ext;
create table public."User" (id integer primary key, "E-mail" ext.citext not null constraint user_email_key unique);
