-- hazard blocksWrites: adding "users email+name" builds an index on table public.users while blocking writes
ALTER TABLE "public"."users" ADD CONSTRAINT "users email+name" UNIQUE (email, username) DEFERRABLE INITIALLY DEFERRED;

-- hazard blocksWrites: adding users_email_key builds an index on table public.users while blocking writes
ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_key" UNIQUE (email);

ALTER TABLE "public"."users" DROP CONSTRAINT "users_username_key";
