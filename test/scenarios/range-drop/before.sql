create type public.text_range as range (subtype = text, collation = "C");
create type public.kept_range as range (subtype = integer);
