-- reloptions keep a value as it was written: autovacuum_enabled=off and =false mean the
-- same but are stored as two strings, so this is a (harmless) change, not a synced pair.
create table public.t (id integer) with (autovacuum_enabled = off);
