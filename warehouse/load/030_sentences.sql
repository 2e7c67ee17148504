-- New sentences are inserted with their counters. The counters of older sentences this batch touched are
-- recomputed in 035, in the same update as their near-duplicate groups.
insert into sentences by name
select stg.* exclude (n_occurrences, n_documents), counts.n_occurrences, counts.n_documents
from stg_sentences as stg
left join (
    select sentence_id, count(*) as n_occurrences, count(distinct doc_id) as n_documents
    from document_sentences
    where sentence_id in (select sentence_id from stg_sentences)
    group by sentence_id
) as counts using (sentence_id)
where stg.sentence_id not in (select sentence_id from sentences);
