-- A table and one of its columns are renamed at once, in a quoted schema; the column
-- rename names the table by its new name.
create schema "Sales Dept";
create table "Sales Dept"."order" (id integer constraint order_pkey primary key, "Cust Name" text);
insert into "Sales Dept"."order" values (1, 'ACME'), (2, 'Initech');
