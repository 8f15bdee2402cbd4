create schema "Legacy Ärchive";
create table "Legacy Ärchive".invoices (id integer constraint invoices_pkey primary key, total numeric(10, 2));
create index invoices_total_idx on "Legacy Ärchive".invoices (total);
create view "Legacy Ärchive".big_invoices as select id, total from "Legacy Ärchive".invoices where total > 100;
