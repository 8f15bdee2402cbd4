create table public.nums (a integer, b smallint, c bigint, d real, e double precision, f integer, g double precision, h serial, i numeric);
