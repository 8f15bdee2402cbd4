create table public.bookings (id integer primary key, during tsrange not null default '[2020-01-01,2020-01-02)', slots int4range);
insert into public.bookings values (1, '[2024-01-01 10:00,2024-01-01 12:00)', '[1,5)');
