create table public.orders (id integer primary key, total numeric);
create table public.order_log (order_id integer, op text);
create function public.log_order() returns trigger language plpgsql as $$
begin
  insert into public.order_log values (coalesce(new.id, old.id), tg_op);
  return null;
end
$$;
create trigger orders_log after insert or update or delete on public.orders for each row execute function public.log_order();
