create function public.is_slug(s text) returns boolean language sql immutable as $$ select s ~ '^[a-z0-9-]+$' $$;
create function public.is_lang(s text) returns boolean language sql immutable as $$ select s in ('en', 'de', 'fr') $$;
create table public.pages (id integer primary key, slug text constraint pages_slug_check check (public.is_slug(slug)),
  lang text constraint pages_lang_check check (public.is_lang(lang)));
