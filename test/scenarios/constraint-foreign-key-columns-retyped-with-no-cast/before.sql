-- Both sides of two foreign keys change type: bigint → timestamp (no cast) and integer → text
-- (a cast, but no key between integer and text): the keys go first and come back after.
create table public.slots (starts bigint primary key, code integer not null unique);
create table public.bookings (id integer primary key, slot_starts bigint references public.slots (starts),
  slot_code integer references public.slots (code));
