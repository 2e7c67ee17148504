-- Stories with their span in time, reach and outlets.
create or replace view v_stories as
select
    s.story_id, s.title, s.first_published_at, s.last_published_at, s.first_day, s.last_day,
    s.n_documents, s.n_sources, s.n_publications,
    (select list(distinct p.source_name order by p.source_name) from document_stories as ds
     join publications as p using (doc_id) where ds.story_id = s.story_id and p.source_name is not null) as sources
from stories as s;
