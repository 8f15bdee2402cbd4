-- ALTER VIEW … RENAME (renames map); a view reading it keeps working.
create table public.t (id integer primary key);
create view public.old_name as select id from public.t;
create view public.reader as select id from public.old_name;
