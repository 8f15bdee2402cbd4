-- RLS is enabled and forced together with new policies on a table with rows, in a
-- schema with an awkward name; another table loses RLS and its policy.
create schema "Tenant Data";
create table "Tenant Data"."order" (id integer primary key, tenant_id integer not null);
create table "Tenant Data".shared (id integer primary key);
alter table "Tenant Data".shared enable row level security;
create policy shared_all on "Tenant Data".shared using (true);
insert into "Tenant Data"."order" values (1, 1), (2, 2);
