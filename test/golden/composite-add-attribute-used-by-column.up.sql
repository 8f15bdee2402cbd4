ALTER TYPE "public"."address" ADD ATTRIBUTE "postal code" character varying(10);
