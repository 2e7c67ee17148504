-- Near-duplicate grouping state: the LSH band keys of every eligible sentence (the index tonight's
-- sentences are matched against) and a log of groups merged by later sentences.
-- Internal tables (warehouse/tables/) live in schema internal, out of the list BI tools show (apply_migrations
-- moves those an older vnews made in main).
create schema if not exists internal;
create table if not exists internal._near_dup_bands (
    sentence_id varchar,
    band        utinyint,
    band_key    ubigint
);

create table if not exists near_dup_relabels (
    run_id    varchar,
    old_group varchar,   -- a group id that tonight's sentences joined to a group with a smaller id
    new_group varchar
);
