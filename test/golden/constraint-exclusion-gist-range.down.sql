ALTER TABLE "public"."bookings" DROP CONSTRAINT "bookings_no_overlap";
