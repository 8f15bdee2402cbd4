create type public.mood as enum ('sad', 'ok', 'happy', 'ecstatic');
