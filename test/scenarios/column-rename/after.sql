create table public.users (id integer primary key, "E-Mail Address" text constraint users_mail_check check ("E-Mail Address" like '%@%'));
create index users_mail_idx on public.users ("E-Mail Address");
