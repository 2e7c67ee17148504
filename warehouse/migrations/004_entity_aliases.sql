-- Every surface an entity was mentioned as ("LHQ", "Liên hợp quốc" -> one entity), so analysts can see why.
create table if not exists entity_aliases (
    alias     varchar,
    entity_id varchar,
    type      varchar
);
