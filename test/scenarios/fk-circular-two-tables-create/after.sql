create table public.settings (id integer primary key);
create table public.employees (id integer primary key, department_id integer);
create table public.departments (id integer primary key, manager_id integer references public.employees (id));
alter table public.employees add constraint employees_department_fkey foreign key (department_id) references public.departments (id);
