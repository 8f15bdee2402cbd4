-- Two new tables reference each other: create both, then add the foreign keys.
create table public.settings (id integer primary key);
