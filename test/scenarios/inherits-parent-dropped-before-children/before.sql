create table public.animals (id integer, name text not null);
create table public.cats (id integer, name text not null, lives integer) inherits (public.animals);
create table public.dogs (id integer, name text, breed text) inherits (public.animals);
create table public.puppies (toy text) inherits (public.dogs);
insert into public.cats values (1, 'tom', 9);
insert into public.puppies values (2, 'rex', 'lab', 'ball');
