create table public.t (id integer primary key);
create schema "Numbering";
create sequence "Numbering"."Invoice #" as integer start with 1000 increment by 1;
comment on sequence "Numbering"."Invoice #" is 'invoice numbers';
