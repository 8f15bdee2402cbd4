-- A table is renamed in a renamed schema; its rows, identity and index stay.
create schema old_app;
create table old_app.things (id integer generated always as identity constraint things_pkey primary key, label text);
create index things_label_idx on old_app.things (label);
insert into old_app.things (label) values ('a'), ('b'), ('c');
