ALTER TYPE "public"."address" DROP ATTRIBUTE "postal code";
