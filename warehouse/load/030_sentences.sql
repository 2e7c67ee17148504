-- New sentences are inserted; counters are recomputed only for the sentences this batch touched.
insert into sentences by name
select * exclude (n_occurrences, n_documents) from stg_sentences
where sentence_id not in (select sentence_id from sentences);

update sentences
set n_occurrences = counts.n_occurrences,
    n_documents   = counts.n_documents
from (
    select sentence_id, count(*) as n_occurrences, count(distinct doc_id) as n_documents
    from document_sentences
    where sentence_id in (select sentence_id from stg_document_sentences)
    group by sentence_id
) as counts
where sentences.sentence_id = counts.sentence_id;
