-- Two tables that reference each other are dropped: constraints first (or CASCADE).
create table public.employees (id integer primary key, department_id integer);
create table public.departments (id integer primary key, manager_id integer references public.employees (id));
alter table public.employees add constraint employees_department_fkey foreign key (department_id) references public.departments (id);
insert into public.employees values (1, null);
insert into public.departments values (1, 1);
update public.employees set department_id = 1;
create table public.kept (id integer primary key);
