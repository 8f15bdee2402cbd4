-- varchar → text on a column whose default is 'x'::character varying: after the type
-- change the default must be re-set, or it keeps printing the varchar cast.
create table public.notes (id integer primary key, body varchar(200) default 'empty', tag varchar default 'misc');
insert into public.notes values (1, 'hello', 'a'), (2, default, default);
