-- A schema is renamed (renames map); its table, index and view keep their names and rows.
create schema legacy;
create table legacy.invoices (id integer constraint invoices_pkey primary key, total numeric(10, 2));
create index invoices_total_idx on legacy.invoices (total);
create view legacy.big_invoices as select id, total from legacy.invoices where total > 100;
insert into legacy.invoices values (1, 50), (2, 150.25);
