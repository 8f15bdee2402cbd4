create table public.notes (id integer primary key, body text, extra text);
create view public.notes_v as select id, body from public.notes;
create function public.notes_v_ins() returns trigger language plpgsql as $$
begin insert into public.notes (id, body) values (new.id, new.body); return new; end
$$;
create trigger notes_v_ins instead of insert on public.notes_v for each row execute function public.notes_v_ins();
