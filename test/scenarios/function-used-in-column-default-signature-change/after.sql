create function public.make_code(prefix text, len integer) returns text language sql volatile
  as $$ select prefix || '-' || substr(md5(random()::text), 1, len) $$;
create table public.coupons (id integer primary key, code text not null default public.make_code('C', 8));
