-- hazard deletesData: dropping column public."Weird Table"." " deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN " ";

-- hazard deletesData: dropping column public."Weird Table"."Order Date" deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN "Order Date";

-- hazard deletesData: dropping column public."Weird Table"."a""quote" deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN "a""quote";

-- hazard deletesData: dropping column public."Weird Table"."dots.in.name" deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN "dots.in.name";

-- hazard deletesData: dropping column public."Weird Table"."select" deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN "select";

-- hazard deletesData: dropping column public."Weird Table"."ñandú" deletes its values
-- hazard irreversible: the values cannot be restored by the down migration
ALTER TABLE "public"."Weird Table" DROP COLUMN "ñandú";
