-- A SQL-standard body (BEGIN ATOMIC, PostgreSQL 14+) records a dependency on the column
-- it reads, so ALTER COLUMN … TYPE fails until the function is dropped; it is created
-- again after.
create table public.ledger (id integer primary key, amount integer not null);
create function public.ledger_total() returns bigint language sql stable
begin atomic
  select sum(amount) from public.ledger;
end;
insert into public.ledger values (1, 10), (2, 20);
