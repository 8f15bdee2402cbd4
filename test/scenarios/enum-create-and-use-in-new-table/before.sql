-- A new enum (in a quoted schema, with awkward labels) and a new table using it, with a default.
create schema "Shop";
create table "Shop"."order" (id integer primary key);
insert into "Shop"."order" values (1), (2);
