create table public.contacts (id integer primary key, email text not null, phone text);
