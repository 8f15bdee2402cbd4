create domain public.email_address as text not null
  constraint email_has_at check (value like '%@%');
comment on domain public.email_address is 'an e-mail address';
create table public.people (id integer primary key, email public.email_address);
