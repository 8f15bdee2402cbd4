create table public.accounts (id integer primary key, balance numeric);
create function public.check_balance() returns trigger language plpgsql as $$
begin
  if new.balance < 0 then raise exception 'negative balance'; end if;
  return null;
end
$$;
create constraint trigger accounts_balance after insert or update on public.accounts
  deferrable initially deferred for each row execute function public.check_balance();
