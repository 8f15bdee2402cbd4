create table public.slots (id integer primary key, owner text, slot integer);
create unique index slots_owner_slot_idx on public.slots (owner, slot) nulls not distinct;
