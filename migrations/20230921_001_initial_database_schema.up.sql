-- 20230921_001_initial_database_schema (up)
-- The example app's first tables: users and their login sessions.

create table users (
    id uuid primary key default gen_random_uuid(),
    email varchar not null unique,
    hashed_password varchar,
    is_active boolean,
    is_superuser boolean,
    google_id varchar unique,
    created_at timestamptz default now(),
    updated_at timestamptz default now()
);

create table sessions (
    id uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    session_token varchar not null unique,
    expires_at timestamptz not null,
    created_at timestamptz default now()
);
