create table public.devices (id integer primary key, serial text, mac text,
  constraint devices_serial_key unique nulls not distinct (serial),
  constraint devices_mac_key unique nulls not distinct (mac));
