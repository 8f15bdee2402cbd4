create schema "Ledger";
create table "Ledger"."Entries ""2024""" ("Entry ID" bigint generated always as identity primary key, amount numeric(10, 2));
