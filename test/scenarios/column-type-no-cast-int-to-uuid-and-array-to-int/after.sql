-- integer → uuid and text[] → integer have no cast (text[] → integer not even through USING):
-- both columns are dropped and added again.
create table public.tokens (id integer primary key, ref uuid unique, tags integer);
