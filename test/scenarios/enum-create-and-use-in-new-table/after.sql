create schema "Shop";
create table "Shop"."order" (id integer primary key);
create type "Shop"."Order Status" as enum ('new', 'it''s "paid"', 'shipped', 'ünïcödé');
comment on type "Shop"."Order Status" is 'where an order is';
create table "Shop"."order line" (
  id integer primary key,
  order_id integer not null references "Shop"."order" (id),
  status "Shop"."Order Status" not null default 'new'
);
