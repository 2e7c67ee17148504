-- Full-text search without an index to rebuild: each document's folded words (the fold macro: lowercase, no
-- tone or vowel marks, đ as d) and how often each occurs, added with the document (warehouse/load/070_search.sql)
-- and scored with BM25 at query time (warehouse/search.py, the search_articles macro). Replaces the fts
-- extension's index, which had to be rebuilt over every document each night that added one.
create schema if not exists internal;  -- internal tables live there (warehouse/tables/)

create table if not exists internal._search_terms (
    term   varchar,
    doc_id varchar,
    tf     integer   -- occurrences of the term in the document
);

create table if not exists internal._search_documents (
    doc_id  varchar,
    n_terms integer  -- the document's length in words, for BM25's length normalisation
);

insert into internal._search_terms by name
select term, doc_id, count(*)::integer as tf
from (select doc_id, unnest(regexp_split_to_array(fold(text), '[^\p{L}\p{N}]+')) as term
      from documents)
where term <> ''
group by term, doc_id;

insert into internal._search_documents by name
select doc_id, sum(tf)::integer as n_terms from internal._search_terms group by doc_id;

-- What the fts extension left in a warehouse of vnews 0.5 (none of it exists in a newer one).
drop table if exists _search_text;
drop schema if exists fts_main__search_text cascade;
