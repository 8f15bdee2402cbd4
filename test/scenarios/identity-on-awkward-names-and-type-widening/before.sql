-- An identity column in a quoted table is widened from integer to bigint (its sequence's
-- type and max follow) while keeping its rows.
create schema "Ledger";
create table "Ledger"."Entries ""2024""" ("Entry ID" integer generated always as identity primary key, amount numeric(10, 2));
insert into "Ledger"."Entries ""2024""" (amount) values (1.50), (2.25);
