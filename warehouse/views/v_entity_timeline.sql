-- Who did what when: DATE mentions with the other entities of their sentence, once per publication of
-- each document holding the sentence; a date without a year is resolved against that publication's day.
create or replace view v_entity_timeline as
with dates as (
    select sentence_id, surface as date_surface, date_iso from entity_mentions where type = 'DATE'
),
named as (
    select m.sentence_id, m.entity_id, e.name as entity_name, m.type as entity_type
    from entity_mentions as m join entities as e using (entity_id)
    where m.type <> 'DATE'
)
select
    dates.date_iso,
    dates.date_surface,
    resolve_date(dates.date_iso, p.published_day) as date_resolved,
    date_resolution(dates.date_iso) as date_resolution,
    named.entity_id,
    named.entity_name,
    named.entity_type,
    s.sentence_id,
    s.text as sentence_text,
    s.first_doc_id,
    s.n_documents,
    ds.doc_id,
    p.publication_id,
    p.published_at,
    p.source_name
from dates
join named using (sentence_id)
join sentences as s using (sentence_id)
join document_sentences as ds using (sentence_id)
left join publications as p using (doc_id);
