-- Mentions of each entity per publication day, and in how many publications.
create or replace view v_entity_daily as
select
    p.published_day as day,
    m.entity_id,
    e.name as entity_name,
    e.type,
    count(*) as n_mentions,
    count(distinct p.publication_id) as n_publications
from publications as p
join document_sentences as ds using (doc_id)
join entity_mentions as m using (sentence_id)
join entities as e using (entity_id)
where p.published_day is not null
group by all;
