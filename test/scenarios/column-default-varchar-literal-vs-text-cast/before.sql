-- On a varchar column, default 'a' is stored as 'a'::character varying but default
-- 'a'::text keeps the text cast (text to varchar is binary-coercible): two spellings
-- PostgreSQL stores differently.
create table public.t (id integer primary key, code varchar(10) default 'a');
insert into public.t (id) values (1);
