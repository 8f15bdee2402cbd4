create schema "Ünïcode Types";
create type "Ünïcode Types"."Status ""quoted""" as enum ('a b', 'it''s', 'c,d', '"x"', 'ß→ẞ');
comment on type "Ünïcode Types"."Status ""quoted""" is 'labels that need quoting';
create table "Ünïcode Types".things (id integer primary key, s "Ünïcode Types"."Status ""quoted""");
