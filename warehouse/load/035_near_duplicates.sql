-- Index tonight's sentences for future matching, and merge the groups they joined.
insert into _near_dup_bands by name select * from stg__near_dup_bands;

insert into near_dup_relabels by name select * from stg_near_dup_relabels;

-- One update for the older sentences this batch touched (their counters) and for those of merged groups (their
-- group): on DuckLake an update rewrites whole rows, so each update reads every sentence's text once more.
update sentences
set n_occurrences  = coalesce(changes.n_occurrences, sentences.n_occurrences),
    n_documents    = coalesce(changes.n_documents, sentences.n_documents),
    near_dup_group = coalesce(changes.new_group, sentences.near_dup_group)
from (
    select s.sentence_id, counts.n_occurrences, counts.n_documents, relabels.new_group
    from (select sentence_id, near_dup_group, n_occurrences, n_documents from sentences) as s
    left join (
        select sentence_id, count(*) as n_occurrences, count(distinct doc_id) as n_documents
        from document_sentences
        where sentence_id in (select sentence_id from stg_document_sentences)
        group by sentence_id
    ) as counts using (sentence_id)
    left join stg_near_dup_relabels as relabels on relabels.old_group = s.near_dup_group
    where relabels.old_group is not null or counts.sentence_id is not null
        and (counts.n_occurrences <> s.n_occurrences or counts.n_documents <> s.n_documents)
) as changes
where sentences.sentence_id = changes.sentence_id;
