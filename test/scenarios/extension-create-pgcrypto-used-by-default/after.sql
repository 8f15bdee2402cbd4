create schema crypto;
create extension pgcrypto schema crypto;
create table public.api_keys (
  id integer primary key,
  label text not null,
  secret text not null default encode(crypto.gen_random_bytes(16), 'hex')
);
