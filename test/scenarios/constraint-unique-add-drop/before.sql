create table public.users (id integer primary key, email text, username text, constraint users_username_key unique (username));
insert into public.users values (1, 'a@x', 'a'), (2, 'b@x', 'b');
