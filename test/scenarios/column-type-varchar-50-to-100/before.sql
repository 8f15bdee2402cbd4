-- varchar(50) → varchar(100): no rewrite, data survives; down narrows back (the data fits).
create table public.users (id integer primary key, name varchar(50) not null);
insert into public.users values (1, 'Ada Lovelace'), (2, 'Grace Hopper');
