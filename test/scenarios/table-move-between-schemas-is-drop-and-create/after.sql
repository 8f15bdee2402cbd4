create schema a;
create schema b;
create table b.things (id integer primary key, v text);
