-- An INSTEAD OF trigger makes a join view insertable.
create table public.people (id integer primary key, name text);
create table public.emails (person_id integer references public.people (id), email text);
create view public.people_with_email as select p.id, p.name, e.email from public.people p left join public.emails e on e.person_id = p.id;
