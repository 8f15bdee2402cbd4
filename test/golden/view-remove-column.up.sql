DROP VIEW "public"."user_list";

CREATE VIEW "public"."user_list" AS
SELECT users.id,
    users.name
   FROM public.users;

COMMENT ON VIEW "public"."user_list" IS 'kept across the recreate';
