-- The contract tables (see README "Tables"). Times are UTC; ids are 16-hex-char stable hashes.

-- ---------- audit: what each run saw and did ----------
create table if not exists runs (
    run_id            varchar not null,
    started_at        timestamp not null,
    finished_at       timestamp,
    status            varchar not null,   -- completed | failed
    files_seen        integer,
    files_new         integer,
    files_quarantined integer,
    rows_loaded       bigint,
    message           varchar
);

create table if not exists source_files (
    run_id         varchar not null,
    source_path    varchar not null,
    content_sha256 varchar,               -- of the raw bytes; null when the file could not be read
    size_bytes     bigint,
    status         varchar not null,      -- loaded | duplicate | unchanged | quarantined
    doc_id         varchar,               -- null when quarantined
    reason         varchar
);

create table if not exists quarantine (
    run_id          varchar not null,
    source_path     varchar not null,
    content_sha256  varchar,
    reason          varchar not null,
    detected_at     timestamp not null,
    quarantine_path varchar
);

create table if not exists validation_results (
    run_id       varchar not null,
    table_name   varchar not null,
    expectation  varchar not null,
    success      boolean not null,
    severity     varchar not null,        -- critical | warning
    details      varchar,
    evaluated_at timestamp not null
);

-- ---------- content: documents, sentences, entities ----------
create table if not exists documents (
    doc_id         varchar not null,
    source_path    varchar not null,
    content_sha256 varchar not null,
    encoding       varchar not null,
    n_chars        integer not null,
    n_sentences    integer not null,
    ingested_at    timestamp not null,
    run_id         varchar not null,
    text           varchar not null       -- decoded, NFC, LF line ends
);

create table if not exists sentences (
    sentence_id     varchar not null,
    text            varchar not null,
    normalized_text varchar not null,
    n_occurrences   integer,
    n_documents     integer,
    first_doc_id    varchar not null,
    near_dup_group  varchar not null,
    run_id          varchar not null
);

create table if not exists document_sentences (
    doc_id              varchar not null,
    position            integer not null,
    sentence_id         varchar not null,
    char_start          integer not null,
    char_end            integer not null,
    is_first_occurrence boolean not null
);

create table if not exists entities (
    entity_id   varchar not null,
    name        varchar not null,
    type        varchar not null,         -- PER | LOC | ORG | MISC | DATE
    n_mentions  integer,
    n_documents integer
);

create table if not exists entity_mentions (
    sentence_id varchar not null,
    entity_id   varchar not null,
    surface     varchar not null,
    type        varchar not null,
    char_start  integer not null,
    char_end    integer not null,
    date_iso    varchar                   -- DATE mentions: 2026-02-05, 2026-02, 2026 or --02-05
);
