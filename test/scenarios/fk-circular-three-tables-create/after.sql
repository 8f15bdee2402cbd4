create schema "A";
create schema "B b";
create schema "C""c";
create table "A".a (id integer primary key, b_id integer);
create table "B b".b (id integer primary key, c_id integer);
create table "C""c".c (id integer primary key, a_id integer references "A".a (id));
alter table "A".a add constraint a_b_fkey foreign key (b_id) references "B b".b (id);
alter table "B b".b add constraint b_c_fkey foreign key (c_id) references "C""c".c (id) deferrable initially deferred;
