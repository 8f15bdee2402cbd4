create table public.users (id integer primary key, email text, handle text);
create unique index users_handle_idx on public.users (handle);
create unique index users_email_lower_idx on public.users (lower(email));
