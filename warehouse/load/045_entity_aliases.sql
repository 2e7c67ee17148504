insert into entity_aliases by name
select distinct new.* from stg_entity_aliases as new
anti join entity_aliases as old using (alias, entity_id);
