-- New libc collations based on "C" and "POSIX", one with a comment and an awkward name.
create table public.t (id integer primary key);
