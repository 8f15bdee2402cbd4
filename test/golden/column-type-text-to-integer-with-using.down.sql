-- hazard rewritesTable: changing public.imports.code from integer to text rewrites the table under ACCESS EXCLUSIVE
ALTER TABLE "public"."imports" ALTER COLUMN "code" TYPE text USING "code"::text;

-- hazard rewritesTable: changing public.imports.qty from integer to text rewrites the table under ACCESS EXCLUSIVE
ALTER TABLE "public"."imports" ALTER COLUMN "qty" TYPE text USING "qty"::text;
