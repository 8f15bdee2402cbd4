-- A column added and dropped leaves a dropped attribute behind in pg_attribute; the model
-- leaves it out, and the remaining columns compare equal.
create table public.t (id integer, junk text, name text);
alter table public.t drop column junk;
insert into public.t values (1, 'a');
