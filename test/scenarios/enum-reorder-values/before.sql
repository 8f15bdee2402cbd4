-- Same labels, new order: the type must be recreated (ADD VALUE cannot move a label)
-- and data cast through text; comparisons follow the new order afterwards.
create type public.size as enum ('large', 'medium', 'small');
comment on type public.size is 'garment size';
create table public.shirts (id integer primary key, size public.size not null default 'medium');
create index shirts_size_idx on public.shirts (size);
insert into public.shirts values (1, 'small'), (2, 'large'), (3, 'medium');
