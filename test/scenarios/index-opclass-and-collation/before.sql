-- Operator classes (text_pattern_ops, varchar_pattern_ops) and an index-level COLLATE.
create table public.files (id integer primary key, path text, name varchar(200));
insert into public.files values (1, '/etc/hosts', 'hosts');
