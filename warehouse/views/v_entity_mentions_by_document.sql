-- Every mention in every document that contains its sentence, ready for a pivot.
create or replace view v_entity_mentions_by_document as
select
    d.doc_id,
    d.source_path,
    d.ingested_at,
    ds.position as sentence_position,
    m.sentence_id,
    m.entity_id,
    e.name as entity_name,
    m.type,
    m.surface,
    m.date_iso,
    ds.char_start + m.char_start as doc_char_start,
    ds.char_start + m.char_end as doc_char_end
from entity_mentions as m
join entities as e using (entity_id)
join document_sentences as ds using (sentence_id)
join documents as d using (doc_id);
