-- A function becomes a procedure with the same name and arguments: drop the function,
-- create the procedure (there is no way to alter the kind).
create table public.counters (id integer primary key, n integer);
create function public.bump(counter_id integer) returns void language sql
  as $$ update public.counters set n = n + 1 where id = counter_id $$;
