create sequence public."order numbers" as bigint;
create table public."Old Orders" (id bigint default nextval('public."order numbers"'));
alter sequence public."order numbers" owned by public."Old Orders".id;
create table public.notes (id integer, body text);
create sequence public.note_ids owned by public.notes.id;
