create table public."order" ("select" integer primary key, total numeric, note text);
comment on table public."order" is E'orders placed\nby customers, "quoted" and it''s fine';
comment on column public."order"."select" is 'the order number';
comment on column public."order".total is 'in cents';
