-- What each input file became, and what was set aside: appended, one batch per run.
insert into source_files by name select * from stg_source_files;

insert into quarantine by name select * from stg_quarantine;
