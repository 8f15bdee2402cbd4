create table public.people (id integer primary key, name text);
create table public.emails (person_id integer references public.people (id), email text);
create view public.people_with_email as select p.id, p.name, e.email from public.people p left join public.emails e on e.person_id = p.id;
create function public.people_with_email_insert() returns trigger language plpgsql as $$
begin
  insert into public.people values (new.id, new.name);
  if new.email is not null then
    insert into public.emails values (new.id, new.email);
  end if;
  return new;
end
$$;
create trigger people_with_email_insert instead of insert on public.people_with_email
  for each row execute function public.people_with_email_insert();
