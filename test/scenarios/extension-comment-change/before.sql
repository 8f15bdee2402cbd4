-- The comment on an extension changes from the one its script sets to our own.
create extension pgcrypto;
