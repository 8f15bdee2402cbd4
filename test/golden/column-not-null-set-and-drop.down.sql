ALTER TABLE "public"."contacts" ALTER COLUMN "email" DROP NOT NULL;

-- hazard blocksWrites: SET NOT NULL on public.contacts.phone scans the table under ACCESS EXCLUSIVE; a validated CHECK (phone IS NOT NULL) first avoids that
ALTER TABLE "public"."contacts" ALTER COLUMN "phone" SET NOT NULL;
