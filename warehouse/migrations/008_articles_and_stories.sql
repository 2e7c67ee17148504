-- Articles and stories: where and when each document appeared, and which event it reports.

-- A document at a source path (the same wire text at two outlets: one document, two publications).
create table if not exists publications (
    publication_id      varchar,
    doc_id              varchar,
    source_path         varchar,
    title               varchar,
    published_at        timestamptz,  -- a date without a time is the start of that day in Asia/Ho_Chi_Minh
    published_day       date,         -- the calendar day in Asia/Ho_Chi_Minh
    published_at_source varchar,      -- sidecar | path | text | none
    source_name         varchar,
    url                 varchar,
    author              varchar,
    run_id              varchar
);

-- The story each document belongs to; the log of stories merged when a later article linked them.
create table if not exists document_stories (
    doc_id   varchar,
    story_id varchar,
    run_id   varchar
);

create table if not exists story_relabels (
    run_id    varchar,
    old_story varchar,
    new_story varchar
);

-- Story matching state: what later articles are compared against (see transforms/stories.py), in schema internal.
create schema if not exists internal;
create table if not exists internal._document_fingerprints (
    doc_id       varchar,
    story_day    date,
    signature    uinteger[],
    lead_days    varchar[],
    lead_places    varchar[],
    lead_people    varchar[],
    lead_figures   varchar[],
    lead_sentences varchar[]
);

-- What makes two articles candidates for one story: the sentences and named entities they hold.
create table if not exists internal._story_features (
    doc_id  varchar,
    feature varchar   -- a sentence_id or an entity_id
);
