create table public.accounts (id integer primary key, email text not null, constraint accounts_email_key unique (email));
create table public.invites (id integer primary key, email text references public.accounts (email));
