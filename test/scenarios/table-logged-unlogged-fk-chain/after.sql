-- Unlogged tables tied by foreign keys become logged (down: unlogged again):
-- a logged table cannot reference an unlogged one, so the referenced table
-- goes first going up and last going down. Names run against that order.
create table public.tenants (id integer primary key);
create table public.projects (id integer primary key, tenant_id integer references public.tenants);
create table public."Tasks" (id integer primary key, project_id integer references public.projects, tenant_id integer references public.tenants);
create unlogged table public.zz_lookup (id integer primary key);
create unlogged table public.aa_cache (id integer primary key, lookup_id integer references public.zz_lookup);
insert into public.tenants values (1);
insert into public.projects values (1, 1);
insert into public."Tasks" values (1, 1, 1);
