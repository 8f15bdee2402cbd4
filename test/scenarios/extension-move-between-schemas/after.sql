create schema ext;
create extension citext schema ext;
create table public.tags (id integer primary key, name ext.citext not null);
