CREATE TRIGGER items_touch_old BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.touch();

DROP TRIGGER "Items: touch on insert or update" ON "public"."items";
