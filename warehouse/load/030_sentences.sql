-- New sentences are inserted with their counters. Then one update sets what tonight changed in older sentences:
-- the counters of those its documents contain, and the group of those in near-duplicate groups it merged (035
-- records the merges). One update, and only of older rows: on DuckLake an update reads every sentence's text
-- and rewrites its rows whole.
create or replace temp table sentence_counts as
select sentence_id, count(*) as n_occurrences, count(distinct doc_id) as n_documents,
       sentence_id in (select sentence_id from sentences) as is_older
from document_sentences
where sentence_id in (select sentence_id from stg_document_sentences)
group by sentence_id;

insert into sentences by name
select stg.* exclude (n_occurrences, n_documents), counts.n_occurrences, counts.n_documents
from stg_sentences as stg left join sentence_counts as counts using (sentence_id)
where stg.sentence_id not in (select sentence_id from sentences);

create or replace temp table sentence_changes as
select sentence_id, counts.n_occurrences, counts.n_documents, regrouped.new_group
from (select * from sentence_counts where is_older) as counts
full join (
    select sentences.sentence_id, relabels.new_group
    from sentences join stg_near_dup_relabels as relabels on sentences.near_dup_group = relabels.old_group
) as regrouped using (sentence_id);

update sentences
set n_occurrences  = coalesce(changes.n_occurrences, sentences.n_occurrences),
    n_documents    = coalesce(changes.n_documents, sentences.n_documents),
    near_dup_group = coalesce(changes.new_group, sentences.near_dup_group)
from sentence_changes as changes
where sentences.sentence_id = changes.sentence_id;

-- a DuckLake run is one transaction: what it holds in memory adds up over batches
drop table sentence_counts;
drop table sentence_changes;
