create schema "App";
create table "App"."Thing Catalogue" (id integer generated always as identity constraint things_pkey primary key, label text);
create index things_label_idx on "App"."Thing Catalogue" (label);
