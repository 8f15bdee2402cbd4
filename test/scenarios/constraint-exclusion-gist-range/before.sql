-- An exclusion constraint on a range column with && (GiST, no extension needed).
create table public.bookings (id integer primary key, during tstzrange not null);
insert into public.bookings values (1, '[2024-01-01 10:00+00, 2024-01-01 11:00+00)'), (2, '[2024-01-01 11:00+00, 2024-01-01 12:00+00)');
