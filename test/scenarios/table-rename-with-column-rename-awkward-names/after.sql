create schema "Sales Dept";
create table "Sales Dept"."Purchase Orders" (id integer constraint order_pkey primary key, "customer name" text);
