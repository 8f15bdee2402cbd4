-- ALTER INDEX … RENAME (renames map), in a quoted schema.
create schema "Catalog";
create table "Catalog".items (id integer primary key, sku text);
create index items_sku on "Catalog".items (sku);
insert into "Catalog".items values (1, 'x');
