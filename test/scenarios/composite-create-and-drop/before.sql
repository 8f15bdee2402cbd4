-- One composite type is created (used by a new function), another dropped.
create type public.old_pair as (a integer, b integer);
