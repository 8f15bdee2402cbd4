-- A function a column default calls changes signature: the default must be dropped,
-- the function dropped and created, and the new default set.
create function public.make_code(prefix text) returns text language sql volatile
  as $$ select prefix || '-' || substr(md5(random()::text), 1, 6) $$;
create table public.coupons (id integer primary key, code text not null default public.make_code('C'));
insert into public.coupons (id) values (1);
