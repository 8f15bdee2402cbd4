create function public.norm_email(e text) returns text language sql immutable strict as $$ select lower(trim(e)) $$;
create table public.users (id integer primary key, email text,
  email_norm text default public.norm_email('unknown@example.com'),
  constraint users_email_check check (public.norm_email(email) like '%@%'));
create unique index users_norm_email_idx on public.users (public.norm_email(email));
create view public.user_emails as select id, public.norm_email(email) as email from public.users;
