-- Full-text search: the new documents' folded words and their counts (see migration 010), counted once and
-- added to both tables (summing them back out of internal._search_terms would scan every document's terms).
create or replace temp table batch_search_terms as
select term, doc_id, count(*)::integer as tf
from (select doc_id, unnest(regexp_split_to_array(fold(text), '[^\p{L}\p{N}]+')) as term
      from stg_documents
      where doc_id not in (select doc_id from internal._search_documents))
where term <> ''
group by term, doc_id;

insert into internal._search_terms by name select * from batch_search_terms;

insert into internal._search_documents by name
select doc_id, sum(tf)::integer as n_terms from batch_search_terms group by doc_id;

drop table batch_search_terms;  -- a DuckLake run is one transaction: what it holds in memory adds up over batches
