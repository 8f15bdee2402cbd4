-- 20230921_001_initial_database_schema (down)
-- Drops what the up file created; sessions first, since it references users.

drop table sessions;
drop table users;
