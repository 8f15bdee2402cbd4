-- OWNED BY is set on one sequence and removed from another.
create table public.orders (id integer primary key, ref integer, legacy_ref integer);
create sequence public.ref_seq;
create sequence public.legacy_ref_seq owned by public.orders.legacy_ref;
insert into public.orders values (1, 10, 20);
