-- security_invoker (PostgreSQL 15+) is set on one view and cleared on another.
create table public.docs (id integer primary key, owner text);
create view public.docs_a as select id from public.docs;
create view public.docs_b with (security_invoker = true) as select id, owner from public.docs;
