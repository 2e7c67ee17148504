-- A mention counts once in every document that contains its sentence.
insert into entities by name
select * exclude (n_mentions, n_documents) from stg_entities
where entity_id not in (select entity_id from entities);

insert into entity_mentions by name
select new.* from stg_entity_mentions as new
anti join entity_mentions as old using (sentence_id, char_start, char_end, type);

update entities
set n_mentions  = counts.n_mentions,
    n_documents = counts.n_documents
from (
    select mentions.entity_id,
           count(*) as n_mentions,
           count(distinct occurrences.doc_id) as n_documents
    from entity_mentions as mentions
    join document_sentences as occurrences using (sentence_id)
    where mentions.entity_id in (
        select entity_id from entity_mentions
        where sentence_id in (select sentence_id from stg_document_sentences)
    )
    group by mentions.entity_id
) as counts
where entities.entity_id = counts.entity_id;
