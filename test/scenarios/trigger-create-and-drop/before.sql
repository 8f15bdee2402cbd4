create table public.items (id integer primary key, name text, updated_at timestamptz);
create function public.touch() returns trigger language plpgsql as $$ begin new.updated_at := now(); return new; end $$;
create trigger items_touch_old before update on public.items for each row execute function public.touch();
insert into public.items values (1, 'a', null);
