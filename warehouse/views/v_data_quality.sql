-- Every evaluated expectation with its run and batch: what the gate checked and what failed.
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
