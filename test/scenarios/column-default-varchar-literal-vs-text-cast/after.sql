create table public.t (id integer primary key, code varchar(10) default 'a'::text);
