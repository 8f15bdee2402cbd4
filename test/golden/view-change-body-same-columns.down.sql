CREATE OR REPLACE VIEW "public"."active_users" AS
SELECT users.id,
    users.name
   FROM public.users
  WHERE users.active;
