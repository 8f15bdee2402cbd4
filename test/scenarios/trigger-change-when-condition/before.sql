create table public.prices (id integer primary key, amount numeric, changed_at timestamptz);
create function public.stamp() returns trigger language plpgsql as $$ begin new.changed_at := now(); return new; end $$;
create trigger prices_stamp before update on public.prices for each row execute function public.stamp();
