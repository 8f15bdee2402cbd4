-- Two tables that reference each other both become partitioned: each is made
-- again, their foreign keys dropped first and added after, and the serial
-- column's sequence kept (let go before its table's drop, owned again after).
create table public.teams (id serial, code text not null, lead integer, unique (code, id)) partition by list (code);
create table public.teams_a partition of public.teams for values in ('a');
create table public.people (id integer, code text not null, team integer, unique (code, id)) partition by list (code);
create table public.people_a partition of public.people for values in ('a');
alter table public.teams add constraint teams_lead_fk foreign key (code, lead) references public.people (code, id);
alter table public.people add constraint people_team_fk foreign key (code, team) references public.teams (code, id);
