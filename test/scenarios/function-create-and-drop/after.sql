create schema "Utils";
create function "Utils"."Slugify"(input text) returns text language sql immutable strict
  as $$ select trim(both '-' from regexp_replace(lower(input), '[^a-z0-9]+', '-', 'g')) $$;
comment on function "Utils"."Slugify"(text) is 'url-safe form of a title';
