create table public.teams (id integer primary key, name text,
  constraint "Team Name Unique" unique (name));
create table public.players (id integer primary key, team_id integer, age integer,
  constraint players_team_fk foreign key (team_id) references public.teams (id),
  constraint players_adult check (age > 0));
