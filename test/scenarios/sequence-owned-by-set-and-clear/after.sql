create table public.orders (id integer primary key, ref integer, legacy_ref integer);
create sequence public.ref_seq owned by public.orders.ref;
create sequence public.legacy_ref_seq;
