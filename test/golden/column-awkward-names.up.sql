ALTER TABLE "public"."Weird Table" ADD COLUMN " " text;

ALTER TABLE "public"."Weird Table" ADD COLUMN "Order Date" date;

ALTER TABLE "public"."Weird Table" ADD COLUMN "a""quote" text;

ALTER TABLE "public"."Weird Table" ADD COLUMN "dots.in.name" integer;

ALTER TABLE "public"."Weird Table" ADD COLUMN "select" text;

ALTER TABLE "public"."Weird Table" ADD COLUMN "ñandú" text DEFAULT 'ñ'::text;
