create schema "Reports";
create table "Reports"."Raw Data" ("Key" integer primary key, "value $" numeric);
create view "Reports"."select" as select "Key", "value $" from "Reports"."Raw Data";
comment on column "Reports"."select"."value $" is 'in euros';
comment on view "Reports"."select" is 'a view named select';
