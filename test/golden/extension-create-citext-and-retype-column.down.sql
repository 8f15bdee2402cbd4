-- hazard blocksWrites: changing public."User"."E-mail" to text takes ACCESS EXCLUSIVE briefly (no rewrite)
ALTER TABLE "public"."User" ALTER COLUMN "E-mail" TYPE text USING "E-mail"::text;

-- hazard deletesData: dropping extension citext drops every object it owns
DROP EXTENSION "citext";

-- hazard deletesData: dropping schema ext
DROP SCHEMA "ext";
