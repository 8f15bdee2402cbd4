-- SET NOT NULL on a column without NULLs, DROP NOT NULL on another.
create table public.contacts (id integer primary key, email text, phone text not null);
insert into public.contacts values (1, 'a@x', '1'), (2, 'b@x', '2');
