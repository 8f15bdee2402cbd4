-- hazard blocksWrites: SET NOT NULL on public.contacts.email scans the table under ACCESS EXCLUSIVE; a validated CHECK (email IS NOT NULL) first avoids that
ALTER TABLE "public"."contacts" ALTER COLUMN "email" SET NOT NULL;

ALTER TABLE "public"."contacts" ALTER COLUMN "phone" DROP NOT NULL;
