-- Same index name, new columns and method: drop and create.
create table public.t (id integer primary key, a integer, b text);
create index t_lookup_idx on public.t (a);
insert into public.t values (1, 1, 'x');
