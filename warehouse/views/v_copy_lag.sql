-- How fast text travels: each sentence first published by one source and later by another, with the lag.
create or replace view v_copy_lag as
with appearances as (
    select ds.sentence_id, p.source_name, min(p.published_at) as published_at
    from document_sentences as ds join publications as p using (doc_id)
    where p.published_at is not null and p.source_name is not null
    group by all
),
firsts as (
    select sentence_id, arg_min(source_name, (published_at, source_name)) as first_source,
           min(published_at) as first_published_at
    from appearances group by sentence_id having count(*) > 1
)
select a.sentence_id, f.first_source, a.source_name as later_source, f.first_published_at,
       a.published_at as later_published_at,
       round(epoch(a.published_at - f.first_published_at) / 3600, 2) as lag_hours
from appearances as a join firsts as f using (sentence_id)
where a.source_name <> f.first_source;
