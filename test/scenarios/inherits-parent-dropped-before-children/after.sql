create table public.cats (id integer, name text not null, lives integer);
create table public.dogs (id integer, name text not null, breed text);
create table public.puppies (toy text) inherits (public.dogs);
insert into public.cats values (1, 'tom', 9);
insert into public.puppies values (2, 'rex', 'lab', 'ball');
