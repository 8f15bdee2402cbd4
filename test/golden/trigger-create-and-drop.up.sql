CREATE TRIGGER "Items: touch on insert or update" BEFORE INSERT OR UPDATE OF name ON public.items FOR EACH ROW EXECUTE FUNCTION public.touch();

DROP TRIGGER "items_touch_old" ON "public"."items";

COMMENT ON TRIGGER "Items: touch on insert or update" ON "public"."items" IS 'keeps updated_at fresh';
