create extension btree_gist;
create table public.reservations (id integer primary key, room integer not null, during daterange not null,
  constraint reservations_room_overlap exclude using gist (room with =, during with &&) deferrable initially deferred);
