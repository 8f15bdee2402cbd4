create table public.docs (id integer primary key, body text, updated_at timestamptz);
create function public.set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end
$$;
create trigger docs_set_updated_at before update on public.docs for each row execute function public.set_updated_at();
