create unlogged table public.tenants (id integer primary key);
create unlogged table public.projects (id integer primary key, tenant_id integer references public.tenants);
create unlogged table public."Tasks" (id integer primary key, project_id integer references public.projects, tenant_id integer references public.tenants);
create table public.zz_lookup (id integer primary key);
create unlogged table public.aa_cache (id integer primary key, lookup_id integer references public.zz_lookup);
