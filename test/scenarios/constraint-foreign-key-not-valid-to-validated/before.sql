create table public.users (id integer primary key);
create table public.posts (id integer primary key, user_id integer);
insert into public.users values (1);
insert into public.posts values (1, 1);
alter table public.posts add constraint posts_user_fkey foreign key (user_id) references public.users (id) not valid;
