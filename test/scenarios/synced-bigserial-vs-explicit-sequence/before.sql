create schema "My App";
create table "My App"."Users" ("User ID" bigserial primary key);
