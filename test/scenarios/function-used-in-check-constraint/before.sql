-- A new immutable function is used by a new check; an existing function used by an
-- existing check changes body (CREATE OR REPLACE is allowed under a check).
create function public.is_slug(s text) returns boolean language sql immutable as $$ select s ~ '^[a-z]+$' $$;
create table public.pages (id integer primary key, slug text constraint pages_slug_check check (public.is_slug(slug)), lang text);
insert into public.pages values (1, 'home', 'en');
