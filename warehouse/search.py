"""Full-text search over the articles: BM25 over each document's folded words, kept as documents arrive.

The words are folded (case, tone and vowel marks, đ to d), so "bao so 15" finds "bão số 15"; among the hits, a
document that has the query's words with the same marks ranks above one that only folds to them. The words of a
document are counted once, when it is loaded (`internal._search_terms`, warehouse/load/070_search.sql): nothing is
rebuilt when the warehouse grows, and the same tables serve the file and the DuckLake warehouse. Scoring is the
`search_articles` macro (warehouse/macros/search_articles.sql), usable from SQL too.
"""

import re

import duckdb

from transforms.normalize import fold

ACCENT_BOOST = 0.5  # the score grows by up to half when every query word matches with its marks
SNIPPET_CHARS = 160
_WORD = re.compile(r"[^\W_]+")  # letters and digits, as the SQL splits on [^\p{L}\p{N}]+


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int) -> tuple[list[str], list[tuple]]:
    """(columns, rows) of the best `limit` articles for `query`, best first, with a snippet, where each was
    first published, and its file.

    Articles with every word of the query come first, and among them those with the words as a phrase;
    then BM25, raised by up to ACCENT_BOOST when the article has the query's words with their own marks.
    """
    words = tokens(query)
    folded = fold(" ".join(words))
    n_words = len(set(folded.split()))
    hits = {
        doc_id: ((every_word, phrase), score * (1 + ACCENT_BOOST * _accented_share(text, words)), text, found)
        for doc_id, text, score, every_word, phrase, *found in con.execute(
            """
                select doc_id, text, score, words_matched = $n as every_word,
                       case when words_matched = $n
                            then contains(fold(text), $folded) else false  -- warehouse/macros/fold.sql
                       end as phrase, source_path, url
                from search_articles($folded)
                order by every_word desc, phrase desc, score desc, doc_id limit $candidates""",
            {"n": n_words, "folded": folded, "candidates": max(limit * 5, 50)},
        ).fetchall()
    }
    ranked = sorted(
        ((tier, score, doc_id, text, found) for doc_id, (tier, score, text, found) in hits.items()),
        key=lambda hit: (-hit[0][0], -hit[0][1], -hit[1], hit[2]),
    )[:limit]
    published = dict(
        (
            (doc_id, (title, at, source))
            for doc_id, title, at, source in con.execute(
                """
        select doc_id, arg_min(title, (published_at, publication_id)), min(published_at),
               arg_min(source_name, (published_at, publication_id))
        from publications where doc_id in (select unnest(?)) group by doc_id""",
                [[doc_id for _, _, doc_id, _, _ in ranked]],
            ).fetchall()
        )
    )
    columns = ["rank", "score", "doc_id", "title", "published_at", "source_name", "snippet", "source_path", "url"]
    return columns, [
        (i + 1, round(score, 4), doc_id, *published.get(doc_id, (None, None, None)), snippet(text, words), *found)
        for i, (_, score, doc_id, text, found) in enumerate(ranked)
    ]


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
