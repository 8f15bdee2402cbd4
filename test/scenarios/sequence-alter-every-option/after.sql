create sequence public.counter as bigint start with 100 increment by 10 minvalue 100 maxvalue 9000000000 cache 20 cycle;
