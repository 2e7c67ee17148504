-- Analyst views over the contract tables (see README "Query it"). Views hold no data of their own.

-- Most repeated sentences, with how many articles and which.
create or replace view v_duplicate_sentences as
with occurrences as (
    select ds.sentence_id, ds.doc_id, d.source_path
    from document_sentences as ds
    join documents as d using (doc_id)
),
repeated as (
    select * from sentences where n_occurrences > 1
)
select
    repeated.sentence_id,
    repeated.text,
    repeated.n_occurrences,
    repeated.n_documents,
    repeated.first_doc_id,
    list(distinct occurrences.doc_id order by occurrences.doc_id) as doc_ids,
    list(distinct occurrences.source_path order by occurrences.source_path) as source_paths
from repeated
join occurrences using (sentence_id)
group by all;

-- Every mention in every document that contains its sentence, ready for a pivot.
create or replace view v_entity_mentions_by_document as
select
    d.doc_id,
    d.source_path,
    d.ingested_at,
    ds.position as sentence_position,
    m.sentence_id,
    m.entity_id,
    e.name as entity_name,
    m.type,
    m.surface,
    m.date_iso,
    ds.char_start + m.char_start as doc_char_start,
    ds.char_start + m.char_end as doc_char_end
from entity_mentions as m
join entities as e using (entity_id)
join document_sentences as ds using (sentence_id)
join documents as d using (doc_id);

-- Pairs of entities seen together: in the same sentence, and in the same document.
create or replace view v_entity_cooccurrence as
with sentence_entities as (
    select distinct sentence_id, entity_id from entity_mentions
),
document_entities as (
    select distinct ds.doc_id, m.entity_id
    from entity_mentions as m join document_sentences as ds using (sentence_id)
),
sentence_pairs as (
    select a.entity_id as entity_id_a, b.entity_id as entity_id_b, count(*) as n_sentences
    from sentence_entities as a
    join sentence_entities as b on a.sentence_id = b.sentence_id and a.entity_id < b.entity_id
    group by all
),
document_pairs as (
    select a.entity_id as entity_id_a, b.entity_id as entity_id_b, count(*) as n_documents
    from document_entities as a
    join document_entities as b on a.doc_id = b.doc_id and a.entity_id < b.entity_id
    group by all
)
select
    pairs.entity_id_a,
    ea.name as name_a,
    ea.type as type_a,
    pairs.entity_id_b,
    eb.name as name_b,
    eb.type as type_b,
    coalesce(sentence_pairs.n_sentences, 0) as n_sentences_together,
    pairs.n_documents as n_documents_together
from document_pairs as pairs
left join sentence_pairs using (entity_id_a, entity_id_b)
join entities as ea on ea.entity_id = pairs.entity_id_a
join entities as eb on eb.entity_id = pairs.entity_id_b;

-- Who did what when, as the text states it: DATE mentions with the other entities of their sentence.
create or replace view v_entity_timeline as
with dates as (
    select sentence_id, surface as date_surface, date_iso from entity_mentions where type = 'DATE'
),
named as (
    select m.sentence_id, m.entity_id, e.name as entity_name, m.type as entity_type
    from entity_mentions as m join entities as e using (entity_id)
    where m.type <> 'DATE'
)
select
    dates.date_iso,
    dates.date_surface,
    named.entity_id,
    named.entity_name,
    named.entity_type,
    s.sentence_id,
    s.text as sentence_text,
    s.first_doc_id,
    s.n_documents
from dates
join named using (sentence_id)
join sentences as s using (sentence_id);

-- Runs over time, with their validation outcome.
create or replace view v_run_history as
with checks as (
    select
        run_id,
        count(*) as n_expectations,
        count(*) filter (where not success and severity = 'critical') as n_critical_failures,
        count(*) filter (where not success and severity = 'warning') as n_warnings
    from validation_results
    group by run_id
)
select
    runs.*,
    datediff('millisecond', runs.started_at, runs.finished_at) / 1000.0 as duration_s,
    coalesce(checks.n_expectations, 0) as n_expectations,
    coalesce(checks.n_critical_failures, 0) as n_critical_failures,
    coalesce(checks.n_warnings, 0) as n_warnings
from runs
left join checks using (run_id);

-- Every expectation of every run, with the run's start time, for data-quality charts.
create or replace view v_data_quality as
select
    runs.started_at,
    runs.status as run_status,
    results.run_id,
    results.table_name,
    results.expectation,
    results.severity,
    results.success,
    results.details
from validation_results as results
left join runs using (run_id);
