-- Sentences re-tagged by a newer extractor (`vnews retag`): remember the entities their old mentions
-- counted for, drop those mentions (040 inserts the new ones), and record the new version.
create or replace temp table retag_touched_entities as
select distinct entity_id from entity_mentions
where sentence_id in (select sentence_id from stg_retagged_sentences);

delete from entity_mentions where sentence_id in (select sentence_id from stg_retagged_sentences);

update sentences set extractor_version = retagged.extractor_version
from stg_retagged_sentences as retagged
where sentences.sentence_id = retagged.sentence_id;

insert into retagged_sentences by name select * from stg_retagged_sentences;
