"""Full-text search over the articles: DuckDB's fts extension (BM25), from the duckdb-ext-fts wheel.

The index folds case, tone and vowel marks (and đ to d), so "bao so 15" finds "bão số 15"; among the hits, a document
that has the query's words with the same marks ranks above one that only folds to them. Each run
that adds documents rebuilds the index inside the candidate warehouse, so readers of a published
warehouse always have an index of exactly its documents.
"""

import re
from functools import cache
from importlib.metadata import files
from pathlib import Path

import duckdb

from transforms.near_dup import fold

ACCENT_BOOST = 0.5  # the score grows by up to half when every query word matches with its marks
SNIPPET_CHARS = 160
_WORD = re.compile(r"\w+")
# For SQL users (with the fts extension loaded, as `vnews sql` has it): select * from search_articles('bão số 15')
SEARCH_MACRO = """
    create or replace macro search_articles(q) as table
    select d.doc_id, s.score, d.text
    from (select doc_id, fts_main__search_text.match_bm25(doc_id, replace(strip_accents(lower(q)), 'đ', 'd')) as score
          from _search_text) as s
    join documents as d using (doc_id)
    where s.score is not null
    order by s.score desc, d.doc_id"""


@cache
def fts_extension() -> Path:
    """The fts extension shipped by the duckdb-ext-fts wheel (nothing is downloaded)."""
    return next(f.locate() for f in files("duckdb-ext-fts") if f.name == "fts.duckdb_extension")


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"load '{fts_extension()}'")


def refresh_index(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the index: the words of each document folded as `fold` folds them (lowercase, no tone or
    vowel marks, đ as d), in `_search_text`."""
    load_fts(con)
    con.execute("create or replace table _search_text as "
                "select doc_id, replace(strip_accents(lower(text)), 'đ', 'd') as folded from documents")
    con.execute("pragma create_fts_index('_search_text', 'doc_id', 'folded', stemmer = 'none', stopwords = 'none', "
                r"ignore = '[^\p{L}\p{N}]+', strip_accents = 0, lower = 0, overwrite = 1)")
    con.execute(SEARCH_MACRO)


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("select 1 from duckdb_schemas() where schema_name = 'fts_main__search_text'").fetchall())


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int) -> tuple[list[str], list[tuple]]:
    """(columns, rows) of the best `limit` articles for `query`, best first, with a snippet and where each was
    first published.

    Articles with every word of the query come first, and among them those with the words as a phrase;
    then BM25, raised by up to ACCENT_BOOST when the article has the query's words with their own marks.
    """
    words = tokens(query)
    folded, candidates = fold(" ".join(words)), max(limit * 5, 50)
    hits = {}
    for conjunctive in (1, 0):
        for doc_id, text, score, phrase in con.execute(f"""
                select doc_id, d.text, s.score, contains(t.folded, ?) as phrase from (
                    select doc_id, fts_main__search_text.match_bm25(doc_id, ?, conjunctive := {conjunctive}) as score
                    from _search_text) as s
                join _search_text as t using (doc_id) join documents as d using (doc_id)
                where s.score is not null order by phrase desc, s.score desc, doc_id limit ?""",
                [folded, folded, candidates]).fetchall():
            hits.setdefault(doc_id, ((conjunctive, phrase), score * (1 + ACCENT_BOOST * _accented_share(text, words)),
                                     text))
        if len(hits) >= limit:
            break
    ranked = sorted(((tier, score, doc_id, text) for doc_id, (tier, score, text) in hits.items()),
                    key=lambda hit: (-hit[0][0], -hit[0][1], -hit[1], hit[2]))[:limit]
    published = dict(((doc_id, (title, at, source)) for doc_id, title, at, source in con.execute("""
        select doc_id, arg_min(title, (published_at, publication_id)), min(published_at),
               arg_min(source_name, (published_at, publication_id))
        from publications where doc_id in (select unnest(?)) group by doc_id""",
        [[doc_id for _, _, doc_id, _ in ranked]]).fetchall()))
    columns = ["rank", "score", "doc_id", "title", "published_at", "source_name", "snippet"]
    return columns, [(i + 1, round(score, 4), doc_id, *published.get(doc_id, (None, None, None)), snippet(text, words))
                     for i, (_, score, doc_id, text) in enumerate(ranked)]


def tokens(query: str) -> list[str]:
    """The query's words, lowercase (FTS operators and punctuation are not syntax here, only separators)."""
    return _WORD.findall(query.lower())


def _accented_share(text: str, words: list[str]) -> float:
    """The share of the query's words found in the text with their own marks."""
    present = set(_WORD.findall(text.lower()))
    return sum(word in present for word in words) / len(words) if words else 0.0


def snippet(text: str, words: list[str]) -> str:
    """The stretch of text around the first query word, the words marked **like this** (matched without marks)."""
    folded, wanted = fold(text), {fold(w) for w in words}
    spans = [m.span() for m in _WORD.finditer(folded) if m.group() in wanted]
    if not spans:
        return text[:SNIPPET_CHARS].replace("\n", " ")
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    pieces, cursor = [], start
    for a, b in spans:
        if a >= cursor and b <= end:
            pieces += [text[cursor:a], f"**{text[a:b]}**"]
            cursor = b
    pieces.append(text[cursor:end])
    return ("…" if start else "") + "".join(pieces).replace("\n", " ") + ("…" if end < len(text) else "")
