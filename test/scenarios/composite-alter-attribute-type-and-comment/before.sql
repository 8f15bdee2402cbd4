-- An attribute's type widens (ALTER TYPE … ALTER ATTRIBUTE … TYPE) and attributes gain
-- a comment and a collation. No column uses the type (PostgreSQL refuses the type change then).
create type public.point3 as (x integer, y integer, label text);
