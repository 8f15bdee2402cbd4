ALTER TABLE "public"."settings" ALTER COLUMN "a" DROP DEFAULT;

ALTER TABLE "public"."settings" ALTER COLUMN "b" SET DEFAULT 'gone'::text;

ALTER TABLE "public"."settings" ALTER COLUMN "c" SET DEFAULT 1.5;

ALTER TABLE "public"."settings" ALTER COLUMN "d" SET DEFAULT '2000-01-01'::date;
