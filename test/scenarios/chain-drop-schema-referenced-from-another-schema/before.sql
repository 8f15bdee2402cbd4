-- A schema is dropped while a table in another schema uses its type and references its
-- table: the column and foreign key on the survivor change first.
create schema lookup;
create type lookup.currency as enum ('EUR', 'USD');
create table lookup.rates (code lookup.currency primary key, rate numeric);
create table public.invoices (id integer primary key, amount numeric, currency lookup.currency references lookup.rates (code));
insert into lookup.rates values ('EUR', 1);
insert into public.invoices values (1, 10, 'EUR');
