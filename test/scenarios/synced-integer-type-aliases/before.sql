-- int2/int4/int8/float4/float8/int/float are aliases PostgreSQL resolves at parse time.
create table public.nums (a int4, b int2, c int8, d float4, e float8, f int, g float, h serial4, i decimal);
insert into public.nums (a) values (1);
