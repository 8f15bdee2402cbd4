-- Constraints are renamed (ALTER TABLE … RENAME CONSTRAINT, renames map): a check, a
-- unique (its index is renamed with it) and a foreign key.
create table public.teams (id integer primary key, name text,
  constraint teams_name_key unique (name));
create table public.players (id integer primary key, team_id integer, age integer,
  constraint players_team_id_fkey foreign key (team_id) references public.teams (id),
  constraint players_age_check check (age > 0));
insert into public.teams values (1, 'red');
insert into public.players values (1, 1, 20);
