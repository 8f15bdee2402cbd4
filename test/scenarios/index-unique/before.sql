-- A unique index (not a constraint) is created; a plain index becomes unique (recreate).
create table public.users (id integer primary key, email text, handle text);
create index users_handle_idx on public.users (handle);
insert into public.users values (1, 'a@x', 'a'), (2, 'b@x', 'b');
