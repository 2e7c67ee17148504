-- Full-text search from SQL: select * from search_articles('bão số 15') — the documents holding any of the
-- query's words, best first by BM25 (k1 1.2, b 0.75) over the folded words of migration 010.
-- `vnews search` ranks the same scores, putting articles with every word, then the exact phrase, first.
-- Each hit says which file it is (source_path) and the URL it was first published at, if its metadata has one.
create or replace macro search_articles(q) as table
with query_terms as (
    select distinct term
    from (select unnest(regexp_split_to_array(fold(q), '[^\p{L}\p{N}]+')) as term)
    where term <> ''
),
hits as (select term, doc_id, tf from internal._search_terms semi join query_terms using (term)),
document_frequency as (select term, count(*) as df from hits group by term),
corpus as (select count(*) as n, avg(n_terms) as mean_terms from internal._search_documents)
select d.doc_id, s.score, s.words_matched, d.text, d.source_path, p.url
from (
    select doc_id,
           sum(ln((corpus.n - df + 0.5) / (df + 0.5) + 1)
               * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * n_terms / corpus.mean_terms))) as score,
           count(*) as words_matched
    from hits join document_frequency using (term) join internal._search_documents using (doc_id), corpus
    group by doc_id
) as s
join documents as d using (doc_id)
left join (select doc_id, arg_min(url, (published_at, publication_id)) as url from publications
           where doc_id in (select doc_id from hits) group by doc_id) as p using (doc_id)
order by s.score desc, d.doc_id;
