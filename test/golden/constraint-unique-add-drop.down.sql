-- hazard blocksWrites: adding users_username_key builds an index on table public.users while blocking writes
ALTER TABLE "public"."users" ADD CONSTRAINT "users_username_key" UNIQUE (username);

ALTER TABLE "public"."users" DROP CONSTRAINT "users email+name";

ALTER TABLE "public"."users" DROP CONSTRAINT "users_email_key";
