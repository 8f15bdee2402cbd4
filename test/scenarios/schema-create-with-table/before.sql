-- A new schema with an awkward name appears, holding a new table; public is untouched.
create table public.accounts (id integer primary key, name text not null);
insert into public.accounts values (1, 'ada'), (2, 'grace');
