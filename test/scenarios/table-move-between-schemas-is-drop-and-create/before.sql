-- Without a rename entry, a table "moving" to another schema is a drop and a create.
create schema a;
create schema b;
create table a.things (id integer primary key, v text);
insert into a.things values (1, 'x');
