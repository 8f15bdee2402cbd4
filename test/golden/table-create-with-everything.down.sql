ALTER TABLE "public"."Books" DROP CONSTRAINT "books_author_fkey";

-- hazard deletesData: dropping table public."Books" deletes its rows
-- hazard irreversible: the rows cannot be restored by the down migration
DROP TABLE "public"."Books";
