-- New entities and mentions; their counters are set in 050 once surnames are linked.
insert into entities by name
select * exclude (n_mentions, n_documents) from stg_entities
where entity_id not in (select entity_id from entities);

insert into entity_mentions by name
select new.* from stg_entity_mentions as new
anti join entity_mentions as old using (sentence_id, char_start, char_end, type);
