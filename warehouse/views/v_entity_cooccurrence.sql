-- Pairs of entities seen together: in the same sentence, and in the same document.
create or replace view v_entity_cooccurrence as
with sentence_entities as (
    select distinct sentence_id, entity_id from entity_mentions
),
document_entities as (
    select distinct ds.doc_id, m.entity_id
    from entity_mentions as m join document_sentences as ds using (sentence_id)
),
sentence_pairs as (
    select a.entity_id as entity_id_a, b.entity_id as entity_id_b, count(*) as n_sentences
    from sentence_entities as a
    join sentence_entities as b on a.sentence_id = b.sentence_id and a.entity_id < b.entity_id
    group by all
),
document_pairs as (
    select a.entity_id as entity_id_a, b.entity_id as entity_id_b, count(*) as n_documents
    from document_entities as a
    join document_entities as b on a.doc_id = b.doc_id and a.entity_id < b.entity_id
    group by all
)
select
    pairs.entity_id_a,
    ea.name as name_a,
    ea.type as type_a,
    pairs.entity_id_b,
    eb.name as name_b,
    eb.type as type_b,
    coalesce(sentence_pairs.n_sentences, 0) as n_sentences_together,
    pairs.n_documents as n_documents_together
from document_pairs as pairs
left join sentence_pairs using (entity_id_a, entity_id_b)
join entities as ea on ea.entity_id = pairs.entity_id_a
join entities as eb on eb.entity_id = pairs.entity_id_b;
