-- Crawler exports (issue 31): a record of a `.json`/`.jsonl`/`.ndjson` file (gzipped or not) is a row of its own,
-- its source_path the file's and `#` its line (from 1) or index (from 0). export_path is the file, export_size_bytes
-- its size when read (mtime_ns its modification time): an export whose path, size and time match is not read
-- again, and a grown one loads only the records the warehouse does not hold. Both null for an article file.
alter table source_files add column if not exists export_path varchar;
alter table source_files add column if not exists export_size_bytes bigint;
