CREATE SCHEMA "ext";

CREATE EXTENSION "citext" WITH SCHEMA "ext" VERSION '1.6';

COMMENT ON EXTENSION "citext" IS 'data type for case-insensitive character strings';

-- hazard blocksWrites: changing public."User"."E-mail" to ext.citext takes ACCESS EXCLUSIVE briefly (no rewrite)
ALTER TABLE "public"."User" ALTER COLUMN "E-mail" TYPE ext.citext USING "E-mail"::ext.citext;
