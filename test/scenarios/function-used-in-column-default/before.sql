-- A new function is used by a new column default: function first, column after.
create table public.orders (id integer primary key);
insert into public.orders values (1), (2);
