create table public.logs (id bigserial primary key, line text);
