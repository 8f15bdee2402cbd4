create extension pgcrypto;
comment on extension pgcrypto is 'hashing for api keys';
