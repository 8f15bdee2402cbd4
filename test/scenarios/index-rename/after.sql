create schema "Catalog";
create table "Catalog".items (id integer primary key, sku text);
create index "Items by SKU" on "Catalog".items (sku);
