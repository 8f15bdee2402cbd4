-- serial is shorthand for an integer sequence, a nextval default, NOT NULL and OWNED BY.
create table public.t (id serial, name text);
insert into public.t (name) values ('a');
