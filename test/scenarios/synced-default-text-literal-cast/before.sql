-- On a text column, 'a' and 'a'::text are stored identically; on integer, '0' and 0 too.
-- (Not so on varchar or bigint: see the scenarios column-type-varchar-to-text-with-default
-- and column-default-bigint-literal-spellings.)
create table public.t (a text default 'a', b text[] default '{}', c integer default '0', d jsonb default '{}', e interval default '1 day');
