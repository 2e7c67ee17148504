-- Which version of the entity extractor tagged each sentence and produced each mention, so that
-- `vnews retag` can bring sentences tagged by older rules up to date. Rows from before this
-- migration were tagged by version 1 (the rules until vnews 0.3).
alter table sentences add column if not exists extractor_version varchar;
alter table entity_mentions add column if not exists extractor_version varchar;
update sentences set extractor_version = '1' where extractor_version is null;
update entity_mentions set extractor_version = '1' where extractor_version is null;

-- The sentences a run re-tagged, with the version that tagged them again (one row per sentence and run).
create table if not exists retagged_sentences (
    run_id            varchar,
    sentence_id       varchar,
    extractor_version varchar
);
