-- One row per story: its title (of its earliest titled publication), span in time, reach and outlets, and its
-- thread (the stories that follow one another) with the thread's number of stories.
-- The contract names it twice: v_stories (warehouse/views/v_stories.sql) is this view under its other name.
create or replace view stories as
select
    ds.story_id,
    arg_min(p.title, (coalesce(p.published_at, timestamptz '9999-12-31'), p.publication_id))
        filter (where p.title is not null) as title,
    min(p.published_at) as first_published_at,
    max(p.published_at) as last_published_at,
    min(p.published_day) as first_day,
    max(p.published_day) as last_day,
    count(distinct ds.doc_id) as n_documents,
    count(distinct p.source_name) as n_sources,
    count(p.publication_id) as n_publications,
    list(distinct p.source_name order by p.source_name) filter (where p.source_name is not null) as sources,
    min(ds.thread_id) as thread_id,
    count(*) over (partition by min(ds.thread_id)) as n_thread_stories
from document_stories as ds
left join publications as p using (doc_id)
group by ds.story_id;
