-- Procedures: one created, one dropped, one changes body (CREATE OR REPLACE PROCEDURE).
create table public.audit (id bigint generated always as identity primary key, msg text);
create procedure public.log_msg(m text) language sql as $$ insert into public.audit (msg) values (m) $$;
create procedure public.purge() language plpgsql as $$ begin delete from public.audit; end $$;
