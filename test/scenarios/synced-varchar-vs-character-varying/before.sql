create table public.t (a varchar(20), b varchar, c char(3), d char, e varchar(20)[]);
