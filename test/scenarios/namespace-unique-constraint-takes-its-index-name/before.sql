create table public.accounts (id integer primary key, email text not null);
create unique index accounts_email_key on public.accounts (email);
create table public.invites (id integer primary key, email text);
