create schema "Tenant Data";
create table "Tenant Data"."order" (id integer primary key, tenant_id integer not null);
alter table "Tenant Data"."order" enable row level security;
alter table "Tenant Data"."order" force row level security;
create policy tenant_isolation on "Tenant Data"."order" as restrictive
  using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::integer);
create policy allow_all on "Tenant Data"."order" using (true);
create table "Tenant Data".shared (id integer primary key);
