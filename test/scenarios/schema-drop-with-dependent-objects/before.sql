-- A whole schema of objects that depend on each other goes away: enum, table, view,
-- function, sequence, index, trigger. Dropped in dependency order (or CASCADE).
create table public.keep (id integer primary key);
insert into public.keep values (1), (2);

create schema legacy;
create type legacy.state as enum ('open', 'closed');
create sequence legacy.ticket_no;
create table legacy.tickets (
  id integer primary key default nextval('legacy.ticket_no'),
  state legacy.state not null default 'open',
  keep_id integer references public.keep (id)
);
create index tickets_state_idx on legacy.tickets (state);
create view legacy.open_tickets as select id, keep_id from legacy.tickets where state = 'open';
create function legacy.count_open() returns bigint language sql stable
  as $$ select count(*) from legacy.open_tickets $$;
create function legacy.touch() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger tickets_touch before update on legacy.tickets for each row execute function legacy.touch();
insert into legacy.tickets (state, keep_id) values ('open', 1), ('closed', 2);
