create table public.counters (id integer primary key, n integer);
create procedure public.bump(counter_id integer) language sql
  as $$ update public.counters set n = n + 1 where id = counter_id $$;
