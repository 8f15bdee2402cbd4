-- Two new schemas whose objects reference each other's: core.users is referenced by a
-- foreign key in billing, and a view and function in billing read both.
create table public.settings (k text primary key, v text);
insert into public.settings values ('currency', 'EUR');
