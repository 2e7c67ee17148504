-- Runs over time, with their validation outcome.
create or replace view v_run_history as
with checks as (
    select
        run_id,
        count(*) as n_expectations,
        count(*) filter (where not success and severity = 'critical') as n_critical_failures,
        count(*) filter (where not success and severity = 'warning') as n_warnings
    from validation_results
    group by run_id
)
select
    runs.*,
    datediff('millisecond', runs.started_at, runs.finished_at) / 1000.0 as duration_s,
    coalesce(checks.n_expectations, 0) as n_expectations,
    coalesce(checks.n_critical_failures, 0) as n_critical_failures,
    coalesce(checks.n_warnings, 0) as n_warnings
from runs
left join checks using (run_id);
