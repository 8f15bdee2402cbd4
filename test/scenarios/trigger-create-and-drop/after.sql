create table public.items (id integer primary key, name text, updated_at timestamptz);
create function public.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
create trigger "Items: touch on insert or update" before insert or update of name on public.items
  for each row execute function public.touch();
comment on trigger "Items: touch on insert or update" on public.items is 'keeps updated_at fresh';
