-- Full-text search: the new documents' folded words and their counts (see migration 010).
insert into _search_terms by name
select term, doc_id, count(*)::integer as tf
from (select doc_id, unnest(regexp_split_to_array(replace(strip_accents(lower(text)), 'đ', 'd'), '[^\p{L}\p{N}]+')) as term
      from stg_documents
      where doc_id not in (select doc_id from _search_documents))
where term <> ''
group by term, doc_id;

insert into _search_documents by name
select doc_id, sum(tf)::integer as n_terms from _search_terms
where doc_id in (select doc_id from stg_documents) and doc_id not in (select doc_id from _search_documents)
group by doc_id;
