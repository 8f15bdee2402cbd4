-- Rows must survive a migration that touches every column of their table: widening,
-- renames, a new NOT NULL column with a default, a new check and a new foreign key.
create table public.countries (code char(2) primary key);
insert into public.countries values ('DE'), ('FR');
create table public.customers (
  id integer constraint customers_pkey primary key,
  nm varchar(30) not null,
  country char(2),
  credit numeric(8, 2)
);
insert into public.customers values (1, 'ACME', 'DE', 1000.50), (2, 'Initech', 'FR', 0), (3, 'Globex', null, null);
