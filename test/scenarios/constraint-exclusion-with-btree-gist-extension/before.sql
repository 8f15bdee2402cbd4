-- btree_gist is created in the same migration as the exclusion constraint that needs it
-- (integer = inside a GiST index), and the constraint is deferrable.
create table public.reservations (id integer primary key, room integer not null, during daterange not null);
insert into public.reservations values (1, 101, '[2024-01-01,2024-01-05)'), (2, 102, '[2024-01-01,2024-01-05)');
