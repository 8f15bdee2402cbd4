-- RENAME COLUMN (renames map) with rows; the index and check on it follow by themselves.
create table public.users (id integer primary key, mail text constraint users_mail_check check (mail like '%@%'));
create index users_mail_idx on public.users (mail);
insert into public.users values (1, 'ada@example.com');
