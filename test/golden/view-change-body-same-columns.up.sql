CREATE OR REPLACE VIEW "public"."active_users" AS
SELECT users.id,
    users.name
   FROM public.users
  WHERE users.active AND users.name IS NOT NULL
  ORDER BY users.id;
