-- Short forms of people joined to the one full name the warehouse holds for them ("Trump" -> "Donald Trump",
-- decided by transforms/canonical.py, logged in entity_relinks): their mentions and aliases move to the full
-- name's entity.
insert into entity_relinks by name select * from stg_entity_relinks;

create or replace temp table surname_links as
select from_entity_id as short_id, to_entity_id as full_id from stg_entity_relinks;

-- For validation: the entities whose mentions this load moved (their mentions are checked again).
create or replace temp view stg_relinked_entities as select full_id as entity_id from surname_links;

update entity_mentions set entity_id = links.full_id
from surname_links as links where entity_mentions.entity_id = links.short_id;

insert into entity_aliases by name
select aliases.alias, links.full_id as entity_id, min(aliases.type) as type
from entity_aliases as aliases join surname_links as links on aliases.entity_id = links.short_id
anti join entity_aliases as existing on existing.alias = aliases.alias and existing.entity_id = links.full_id
group by all;

delete from entity_aliases where entity_id in (select short_id from surname_links);

delete from entities where entity_id in (select short_id from surname_links);

-- The entities tonight touched: new occurrences of their sentences, linked short forms, re-tagged sentences.
create or replace temp table touched_entities as
select entity_id from entity_mentions
where sentence_id in (select sentence_id from stg_document_sentences union all
                      select sentence_id from stg_retagged_sentences)
union select full_id from surname_links
union select entity_id from retag_touched_entities;

-- One type per entity, from all its mentions: the type most were tagged with (ties: ORG, LOC, PER, MISC).
create or replace temp table voted_types as
select entity_id, first(type order by n desc, list_position(['ORG', 'LOC', 'PER', 'MISC', 'DATE'], type)) as type
from (select entity_id, coalesce(tagged_type, type) as type, count(*) as n
      from entity_mentions where entity_id in (select entity_id from touched_entities) group by all)
group by entity_id;

update entities set type = voted.type
from voted_types as voted where entities.entity_id = voted.entity_id and entities.type <> voted.type;

update entity_mentions set type = voted.type
from voted_types as voted where entity_mentions.entity_id = voted.entity_id and entity_mentions.type <> voted.type;

-- Counters of the touched entities. A mention counts once in every document that contains its sentence. Spellings
-- of one name key ("Hoà"/"Hòa", "HÀN QUỐC"/"Hàn Quốc") are one entity, named by the least of them by (spelling_rank,
-- name) (macros/spelling_rank.sql: capitals of a headline last), whatever the order the articles came in.
-- (One statement: on DuckLake a run is one transaction, and each update of a table in it adds delete files.)
update entities
set n_mentions  = counts.n_mentions,
    n_documents = counts.n_documents,
    name        = case when spelling_rank(counts.staged_name)::varchar || counts.staged_name
                                < spelling_rank(entities.name)::varchar || entities.name
                           then counts.staged_name else entities.name end
from (
    select mentions.entity_id, count(*) as n_mentions, count(distinct occurrences.doc_id) as n_documents,
           any_value(staged.name) as staged_name
    from entity_mentions as mentions
    join document_sentences as occurrences using (sentence_id)
    left join (
        select entity_id, arg_min(name, spelling_rank(name)::varchar || name) as name
        from stg_entities group by entity_id
    ) as staged using (entity_id)
    where mentions.entity_id in (select entity_id from touched_entities)
    group by mentions.entity_id
) as counts
where entities.entity_id = counts.entity_id;

-- Quotations follow their speaker to the full name, and a speaker's name follows the entity's (one statement).
update quotations set speaker_entity_id = e.entity_id, speaker_surface = e.name
from (select short_id, full_id from surname_links
      union
      select entity_id, entity_id from stg_entities where entity_id not in (select short_id from surname_links)
     ) as moved
join entities as e on e.entity_id = moved.full_id
where quotations.speaker_entity_id = moved.short_id
  and (quotations.speaker_entity_id <> e.entity_id or quotations.speaker_surface <> e.name);

-- An entity whose every mention a re-tag took away is gone, with its aliases.
create or replace temp table orphaned_entities as
select entity_id from retag_touched_entities anti join entity_mentions using (entity_id);

delete from entity_aliases where entity_id in (select entity_id from orphaned_entities);

delete from entities where entity_id in (select entity_id from orphaned_entities);
