-- The contract tables (see README "Tables"). Times are UTC; ids are 16-hex-char stable hashes.
-- Keys, foreign keys, allowed values and offsets are enforced by the Great Expectations suites
-- in expectations/, which gate every load and name the rule a bad batch breaks.

-- ---------- audit: what each run saw and did ----------
create table if not exists runs (
    run_id            varchar,
    started_at        timestamp,
    finished_at       timestamp,
    status            varchar,   -- completed | failed
    files_seen        integer,
    files_new         integer,
    files_quarantined integer,
    rows_loaded       bigint,
    message           varchar
);

create table if not exists source_files (
    run_id         varchar,
    source_path    varchar,
    content_sha256 varchar,               -- of the raw bytes; null when the file could not be read
    size_bytes     bigint,
    status         varchar,      -- loaded | duplicate | unchanged | quarantined
    doc_id         varchar,               -- null when quarantined
    reason         varchar
);

create table if not exists quarantine (
    run_id          varchar,
    source_path     varchar,
    content_sha256  varchar,
    reason          varchar,
    detected_at     timestamp,
    quarantine_path varchar
);

create table if not exists validation_results (
    run_id       varchar,
    table_name   varchar,
    expectation  varchar,
    success      boolean,
    severity     varchar,        -- critical | warning
    details      varchar,
    evaluated_at timestamp
);

-- ---------- content: documents, sentences, entities ----------
create table if not exists documents (
    doc_id         varchar,
    source_path    varchar,
    content_sha256 varchar,
    encoding       varchar,
    n_chars        integer,
    n_sentences    integer,
    ingested_at    timestamp,
    run_id         varchar,
    text           varchar       -- decoded, NFC, LF line ends
);

create table if not exists sentences (
    sentence_id     varchar,
    text            varchar,
    normalized_text varchar,
    n_occurrences   integer,
    n_documents     integer,
    first_doc_id    varchar,
    near_dup_group  varchar,
    run_id          varchar
);

create table if not exists document_sentences (
    doc_id              varchar,
    position            integer,
    sentence_id         varchar,
    char_start          integer,
    char_end            integer,
    is_first_occurrence boolean
);

create table if not exists entities (
    entity_id   varchar,
    name        varchar,
    type        varchar,         -- PER | LOC | ORG | MISC | DATE
    n_mentions  integer,
    n_documents integer
);

create table if not exists entity_mentions (
    sentence_id varchar,
    entity_id   varchar,
    surface     varchar,
    type        varchar,
    char_start  integer,
    char_end    integer,
    date_iso    varchar                   -- DATE mentions: 2026-02-05, 2026-02, 2026 or --02-05
);
