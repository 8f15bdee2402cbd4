create table public.bookings (id integer primary key, during tstzrange not null,
  constraint bookings_no_overlap exclude using gist (during with &&));
