-- tsrange → tstzrange and int4range → int8range have no cast: the values go through text.
create table public.bookings (id integer primary key, during tstzrange not null default '[2020-01-01,2020-01-02)', slots int8range);
