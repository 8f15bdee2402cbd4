create table public.t (a text default 'a'::text, b text[] default '{}'::text[], c integer default 0, d jsonb default '{}'::jsonb, e interval default interval '1 day');
