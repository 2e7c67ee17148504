-- A one-word person ("Putin") is the one full name ending with that word ("Vladimir Putin"), when the
-- warehouse holds exactly one such name. Its mentions and aliases move to the full name's entity.
create or replace temp table surname_links as
with short_names as (
    select entity_id, name from entities where type = 'PER' and not contains(name, ' ')
),
full_names as (
    select entity_id, regexp_extract(name, '(\S+)$', 1) as last_word
    from entities where type = 'PER' and contains(name, ' ')
),
matches as (
    select short_names.entity_id as short_id, full_names.entity_id as full_id,
           count(*) over (partition by short_names.entity_id) as n_matches
    from short_names join full_names on full_names.last_word = short_names.name
)
select short_id, full_id from matches where n_matches = 1;

-- For validation: the entities whose mentions this load moved (their mentions are checked again).
create or replace temp view stg_relinked_entities as select full_id as entity_id from surname_links;

update entity_mentions set entity_id = links.full_id
from surname_links as links where entity_mentions.entity_id = links.short_id;

insert into entity_aliases by name
select distinct aliases.alias, links.full_id as entity_id, aliases.type
from entity_aliases as aliases join surname_links as links on aliases.entity_id = links.short_id
anti join entity_aliases as existing on existing.alias = aliases.alias and existing.entity_id = links.full_id;

delete from entity_aliases where entity_id in (select short_id from surname_links);

delete from entities where entity_id in (select short_id from surname_links);

-- Counters of the entities tonight touched (new occurrences of their sentences, or linked surnames).
-- A mention counts once in every document that contains its sentence.
update entities
set n_mentions  = counts.n_mentions,
    n_documents = counts.n_documents
from (
    select mentions.entity_id, count(*) as n_mentions, count(distinct occurrences.doc_id) as n_documents
    from entity_mentions as mentions
    join document_sentences as occurrences using (sentence_id)
    where mentions.entity_id in (
        select entity_id from entity_mentions
        where sentence_id in (select sentence_id from stg_document_sentences union all
                              select sentence_id from stg_retagged_sentences)
        union all
        select full_id from surname_links
        union all
        select entity_id from retag_touched_entities
    )
    group by mentions.entity_id
) as counts
where entities.entity_id = counts.entity_id;

-- An entity whose every mention a re-tag took away is gone, with its aliases.
create or replace temp table orphaned_entities as
select entity_id from retag_touched_entities anti join entity_mentions using (entity_id);

delete from entity_aliases where entity_id in (select entity_id from orphaned_entities);

delete from entities where entity_id in (select entity_id from orphaned_entities);
