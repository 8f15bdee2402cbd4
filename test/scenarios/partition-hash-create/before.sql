-- A new hash-partitioned table with four partitions and a primary key in a quoted schema.
create schema "Shards";
