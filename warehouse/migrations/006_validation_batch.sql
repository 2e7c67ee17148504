-- A run validates each batch of input files as it loads it: which batch (0, 1, ...) a result is for.
alter table validation_results add column if not exists batch integer;
