-- Every sequence option changes: type, start, increment, min, max, cache, cycle.
create sequence public.counter as integer start with 1 increment by 1 minvalue 1 maxvalue 1000000 cache 1 no cycle;
