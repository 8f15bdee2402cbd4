create schema "Shards";
create table "Shards".sessions (id uuid not null, data jsonb, primary key (id)) partition by hash (id);
create table "Shards".sessions_0 partition of "Shards".sessions for values with (modulus 4, remainder 0);
create table "Shards".sessions_1 partition of "Shards".sessions for values with (modulus 4, remainder 1);
create table "Shards".sessions_2 partition of "Shards".sessions for values with (modulus 4, remainder 2);
create table "Shards".sessions_3 partition of "Shards".sessions for values with (modulus 4, remainder 3);
