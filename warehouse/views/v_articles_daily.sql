-- Articles per day and source: publications, documents seen there for the first time, and the share
-- that were copies of a document already published (the same text elsewhere or earlier).
create or replace view v_articles_daily as
with ranked as (
    select *, row_number() over (partition by doc_id order by published_at nulls last, publication_id) = 1 as is_first
    from publications
)
select
    published_day as day,
    source_name,
    count(*) as n_publications,
    count(*) filter (where is_first) as n_new_documents,
    round(1 - count(*) filter (where is_first) / count(*), 4) as duplicate_share
from ranked
group by all;
