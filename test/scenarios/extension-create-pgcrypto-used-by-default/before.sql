-- pgcrypto is created in a new schema, and a new column's volatile default calls one of
-- its functions: schema, then extension, then the column.
create table public.api_keys (id integer primary key, label text not null);
insert into public.api_keys values (1, 'ci'), (2, 'deploy');
