create table public.docs (id integer primary key, owner text);
create view public.docs_a with (security_invoker = true, security_barrier = true) as select id from public.docs;
create view public.docs_b as select id, owner from public.docs;
