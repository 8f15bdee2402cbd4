create table public.slots (starts timestamp primary key, code text not null unique);
create table public.bookings (id integer primary key, slot_starts timestamp references public.slots (starts),
  slot_code text references public.slots (code));
