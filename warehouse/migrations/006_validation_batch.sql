-- A run validates each batch of input files as it loads it: which batch (0, 1, ...) a result is for.
alter table validation_results add column if not exists batch integer;

create or replace view v_data_quality as
select
    runs.started_at,
    runs.status as run_status,
    results.run_id,
    results.batch,
    results.table_name,
    results.expectation,
    results.severity,
    results.success,
    results.details
from validation_results as results
left join runs using (run_id);
