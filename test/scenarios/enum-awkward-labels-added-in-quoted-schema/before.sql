-- Labels with quotes, spaces, commas and non-ASCII are added to an enum in a schema
-- whose name needs quoting; the comment on the type changes too.
create schema "Ünïcode Types";
create type "Ünïcode Types"."Status ""quoted""" as enum ('a b', 'c,d');
create table "Ünïcode Types".things (id integer primary key, s "Ünïcode Types"."Status ""quoted""");
insert into "Ünïcode Types".things values (1, 'a b'), (2, 'c,d');
