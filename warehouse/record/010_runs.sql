-- Runs and validation results, including those of failed runs that so far live only in the lake.
insert into runs by name
select * from stg_runs
where run_id not in (select run_id from runs);

insert into validation_results by name
select * from stg_validation_results
where run_id not in (select distinct run_id from validation_results);
