-- UNIQUE … NULLS NOT DISTINCT (PostgreSQL 15+): a unique constraint gains it (recreate),
-- and a new one is added. The rows have a single NULL, so the stricter rule holds.
create table public.devices (id integer primary key, serial text, mac text,
  constraint devices_serial_key unique (serial));
insert into public.devices values (1, 'S1', null), (2, null, 'aa:bb');
