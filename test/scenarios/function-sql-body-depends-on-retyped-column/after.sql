create table public.ledger (id integer primary key, amount bigint not null);
create function public.ledger_total() returns bigint language sql stable
begin atomic
  select sum(amount) from public.ledger;
end;
