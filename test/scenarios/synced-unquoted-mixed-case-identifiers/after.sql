create schema billing;
create table billing.orders (id integer primary key, customername text);
create index orders_customer_idx on billing.orders (customername);
