create table public.audit (id bigint generated always as identity primary key, msg text);
create procedure public.log_msg(m text) language sql as $$ insert into public.audit (msg) values (upper(m)) $$;
create procedure public.archive(older_than interval default '30 days') language plpgsql as $$
begin
  delete from public.audit where id < 0;
  commit;
end
$$;
comment on procedure public.archive(interval) is 'transaction control inside';
