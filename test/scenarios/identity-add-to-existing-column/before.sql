-- A plain NOT NULL integer column with rows becomes an identity column.
create table public.items (id integer not null, name text, constraint items_pkey primary key (id));
insert into public.items values (1, 'a'), (2, 'b');
