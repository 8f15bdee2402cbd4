create sequence public."order numbers" as bigint;
create table public.orders (id bigint default nextval('public."order numbers"'));
alter sequence public."order numbers" owned by public.orders.id;
create table public.notes (body text);
create sequence public.note_ids;
