create schema "My App";
create sequence "My App"."Users_User ID_seq";
create table "My App"."Users" ("User ID" bigint not null default nextval('"My App"."Users_User ID_seq"') primary key);
alter sequence "My App"."Users_User ID_seq" owned by "My App"."Users"."User ID";
