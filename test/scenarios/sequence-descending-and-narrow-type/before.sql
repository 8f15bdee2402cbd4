-- A bigint ascending sequence becomes a smallint descending one (the type narrows:
-- min and max must move with it, ALTER SEQUENCE … AS smallint checks them).
create sequence public.countdown;
