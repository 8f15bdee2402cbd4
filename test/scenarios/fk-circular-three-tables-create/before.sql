-- a → b → c → a, in three schemas with awkward names.
create schema "A";
create schema "B b";
create schema "C""c";
