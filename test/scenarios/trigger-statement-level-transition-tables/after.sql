create table public.stock (id integer primary key, qty integer);
create table public.stock_audit (at timestamptz, rows_changed bigint);
create function public.audit_stock() returns trigger language plpgsql as $$
begin
  insert into public.stock_audit select now(), count(*) from new_rows;
  return null;
end
$$;
create trigger stock_audit after update on public.stock referencing new table as new_rows
  for each statement execute function public.audit_stock();
