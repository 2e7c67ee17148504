-- The file's modification time (ns since the epoch) when it was read: a file whose path, size
-- and modification time match an earlier run's is unchanged and is not read again.
alter table source_files add column if not exists mtime_ns bigint;
