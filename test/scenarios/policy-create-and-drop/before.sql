create table public.notes (id integer primary key, owner name not null default current_user, body text);
alter table public.notes enable row level security;
create policy notes_old on public.notes using (true);
insert into public.notes (id, body) values (1, 'x');
