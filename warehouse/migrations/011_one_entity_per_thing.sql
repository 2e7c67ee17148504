-- One entity per real thing (extractor 5): a mention keeps the type the tagger gave it in tagged_type,
-- and takes its entity's type (voted over all the entity's mentions) in type. entity_relinks logs the
-- short forms of people a load joined to a full name ("Trump" -> "Donald Trump"), as near_dup_relabels
-- logs merged groups.
alter table entity_mentions add column if not exists tagged_type varchar;

create table if not exists entity_relinks (
    run_id         varchar,
    from_entity_id varchar,   -- the short form's entity, gone after the load
    to_entity_id   varchar,   -- the full name's entity, which takes its mentions and aliases
    from_name      varchar,
    to_name        varchar
);
