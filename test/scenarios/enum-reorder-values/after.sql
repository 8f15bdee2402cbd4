create type public.size as enum ('small', 'medium', 'large');
comment on type public.size is 'garment size';
create table public.shirts (id integer primary key, size public.size not null default 'medium');
create index shirts_size_idx on public.shirts (size);
