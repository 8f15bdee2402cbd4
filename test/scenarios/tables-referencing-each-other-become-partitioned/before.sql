create table public.teams (id serial, code text not null, lead integer, unique (code, id));
create table public.people (id integer, code text not null, team integer, unique (code, id));
alter table public.teams add constraint teams_lead_fk foreign key (code, lead) references public.people (code, id);
alter table public.people add constraint people_team_fk foreign key (code, team) references public.teams (code, id);
