-- Labels added later with BEFORE/AFTER end in the same order as a type declared at once
-- (their float sort positions differ, which the model does not keep).
create type public.mood as enum ('sad', 'happy');
alter type public.mood add value 'ok' before 'happy';
alter type public.mood add value 'ecstatic' after 'happy';
