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
