create table public.users (id integer primary key, email text, username text,
  constraint users_email_key unique (email),
  constraint "users email+name" unique (email, username) deferrable initially deferred);
