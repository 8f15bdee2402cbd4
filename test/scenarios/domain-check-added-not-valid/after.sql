create domain public.short_name as text;
alter domain public.short_name add constraint short_name_len check (length(value) <= 10) not valid;
create table public.users (id integer primary key, name public.short_name);
