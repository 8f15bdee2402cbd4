create table public.t (id integer primary key);
create materialized view public.lazy as select id from public.t with no data;
create materialized view public.eager as select count(*) as n from public.t;
