-- A new foreign key references a new unique constraint (not the primary key): the
-- unique constraint must exist first, and down drops the foreign key first.
create table public.countries (id integer primary key, iso_code char(2) not null);
create table public.addresses (id integer primary key, country char(2));
insert into public.countries values (1, 'DE'), (2, 'FR');
insert into public.addresses values (1, 'DE');
