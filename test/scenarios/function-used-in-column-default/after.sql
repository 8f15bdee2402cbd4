create function public.new_order_code() returns text language sql volatile
  as $$ select 'ORD-' || lpad((floor(random() * 100000))::integer::text, 5, '0') $$;
create table public.orders (id integer primary key, code text not null default public.new_order_code());
