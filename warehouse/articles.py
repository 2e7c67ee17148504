"""What publications and story matching read from the candidate warehouse."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from transforms.articles import text_metadata
from transforms.stories import LEAD_SENTENCES, MAX_FEATURE_DOCUMENTS, WINDOW_DAYS, Fingerprint
from warehouse.loader import registered, run_filter, staged_runs


def known_publication_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    with registered(con, "asked", pa.table({"publication_id": pa.array(ids, pa.string())})):
        rows = con.execute("select publication_id from publications semi join asked using (publication_id)").fetchall()
    return {publication_id for (publication_id,) in rows}


def _documents_named_in(con: duckdb.DuckDBPyConnection, view: str) -> str:
    """A subquery: (doc_id, text) of the documents `view` names, read through the runs that wrote them, so that
    DuckLake skips the other runs' files (by their statistics) rather than decode every document's text."""
    runs = run_filter(con, f"select distinct run_id from documents semi join {view} using (doc_id)")
    return f"(select doc_id, text from documents where {runs} and doc_id in (select doc_id from {view}))"


def document_texts(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, str]:
    if not doc_ids:
        return {}
    with registered(con, "asked", pa.table({"doc_id": pa.array(doc_ids, pa.string())})):
        return dict(con.execute(f"select * from {_documents_named_in(con, 'asked')}").fetchall())


@dataclass
class Waiting:
    """A document not yet in a story: its first publication day (if known) and ingestion day, body sentences,
    lead places and candidate features."""

    published: date | None
    ingested: date
    body: list[tuple[str, str]]  # (sentence_id, text)
    lead_entities: list[tuple[str, str]]  # (type, name) of the PER, LOC and ORG entities of its lead
    features: set[str]


def documents_without_story(con: duckdb.DuckDBPyConnection) -> dict[str, Waiting]:
    """Every document not yet in a story."""
    days = con.execute("""
        select d.doc_id, min(p.published_day), min(d.ingested_at)::date
        from documents as d anti join document_stories using (doc_id)
        left join publications as p using (doc_id)
        group by d.doc_id order by d.doc_id""").fetchall()
    waiting = {doc_id: Waiting(published, ingested, [], [], set()) for doc_id, published, ingested in days}
    lead, headline = defaultdict(set), defaultdict(set)  # the positions of each document's lead and headline
    headline_end = {}  # where each document's headline line ends (0: none), from its text as the splitter saw it
    with registered(con, "tonight", pa.table({"doc_id": pa.array(list(waiting), pa.string())})):
        for doc_id, position, sentence_id, text, char_end, document in con.execute(f"""
                select ds.doc_id, ds.position, ds.sentence_id,
                       substr(d.text, ds.char_start + 1, ds.char_end - ds.char_start), ds.char_end,
                       case when ds.position = 0 then d.text end
                from document_sentences as ds semi join tonight using (doc_id)
                join {_documents_named_in(con, "tonight")} as d using (doc_id)
                order by ds.doc_id, ds.position""").fetchall():  # each sentence as its document has it
            if document is not None:
                headline_end[doc_id] = text_metadata(document).headline_end
            if char_end <= headline_end[doc_id]:  # stories read the body: outlets title one event differently
                headline[doc_id].add(position)
                continue
            if len(waiting[doc_id].body) < LEAD_SENTENCES:
                lead[doc_id].add(position)
            waiting[doc_id].body.append((sentence_id, text))
            waiting[doc_id].features.add(sentence_id)
        for doc_id, entity_id, kind, name, positions in con.execute("""
                select ds.doc_id, m.entity_id, e.type, e.name, list(distinct ds.position)
                from document_sentences as ds semi join tonight using (doc_id)
                join entity_mentions as m using (sentence_id) join entities as e using (entity_id)
                where m.type in ('PER', 'ORG', 'LOC') group by all order by all""").fetchall():
            body = set(positions) - headline[doc_id]
            if body:
                waiting[doc_id].features.add(entity_id)
            if body & lead[doc_id]:
                waiting[doc_id].lead_entities.append((kind, name))
    return waiting


def candidate_pairs(
    con: duckdb.DuckDBPyConnection, waiting: dict[str, Waiting], days: dict[str, date]
) -> list[tuple[str, str]]:
    """(waiting doc, other doc) pairs within WINDOW_DAYS that share a feature which, around each of their days,
    no more than MAX_FEATURE_DOCUMENTS documents hold; the other doc is already in a story, or a waiting one
    that sorts first. `days`: the waiting documents' story days."""
    if not waiting:
        return []
    window = timedelta(days=WINDOW_DAYS)
    features = [(doc_id, feature) for doc_id, w in waiting.items() for feature in sorted(w.features)]
    columns = {
        "doc_id": [d for d, _ in features],
        "feature": [f for _, f in features],
        "story_day": [days[d] for d, _ in features],
    }
    with registered(con, "tonight", pa.table(columns)):
        return con.execute(
            f"""
            with indexed as (
                select x.doc_id, x.feature, f.story_day
                from internal._story_features as x join internal._document_fingerprints as f using (doc_id)
                where f.story_day between ? and ?
                union all select doc_id, feature, story_day from tonight
            ),
            per_day as (select feature, story_day, count(*) as n from indexed group by all),
            -- how many documents hold the feature within the window around each day
            common as (
                select feature, story_day from (
                    select feature, story_day, sum(n) over (
                        partition by feature order by story_day
                        range between interval {WINDOW_DAYS} days preceding
                              and interval {WINDOW_DAYS} days following) as n
                    from per_day)
                where n > {MAX_FEATURE_DOCUMENTS}
            ),
            usable as (select * from indexed anti join common using (feature, story_day))
            select distinct a.doc_id, b.doc_id
            from usable as a join usable as b using (feature)
            where a.doc_id in (select doc_id from tonight) and a.doc_id <> b.doc_id
              and abs(a.story_day - b.story_day) <= {WINDOW_DAYS}
              and (b.doc_id not in (select doc_id from tonight) or b.doc_id < a.doc_id)
            order by all""",
            [min(days.values()) - 2 * window, max(days.values()) + 2 * window],
        ).fetchall()


def known_fingerprints(
    con: duckdb.DuckDBPyConnection, doc_ids: list[str]
) -> tuple[list[Fingerprint], dict[str, str], dict[str, str]]:
    """The fingerprints of these documents (already in stories), their stories and their threads."""
    with registered(con, "asked", pa.table({"doc_id": pa.array(doc_ids, pa.string())})):
        rows = con.execute("""
            select f.doc_id, f.story_day, f.signature, f.lead_days, f.lead_places, f.lead_people, f.lead_figures,
                   f.lead_sentences, ds.story_id, ds.thread_id
            from internal._document_fingerprints as f
            semi join asked using (doc_id)
            join document_stories as ds using (doc_id)
            order by f.doc_id""").fetchall()
    known = [
        Fingerprint(doc_id, day, tuple(signature), *map(frozenset, facts), tuple(leads))
        for doc_id, day, signature, *facts, leads, _, _ in rows
    ]
    return known, {row[0]: row[-2] for row in rows}, {row[0]: row[-1] for row in rows}


def batch_documents_with_people(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list, list]]:
    """(doc_id, text, PER mentions as (start, end, name, entity_id) in the text, sentence occurrences as
    (start, end, sentence_id)) of the batch just loaded (`stg_documents`)."""
    texts = con.execute(
        "select doc_id, text from documents semi join stg_documents using (doc_id) "
        f"where {staged_runs(con)} order by doc_id"
    ).fetchall()
    people, occurrences = defaultdict(list), defaultdict(list)
    for doc_id, start, end, name, entity_id in con.execute("""
            select ds.doc_id, ds.char_start + m.char_start, ds.char_start + m.char_end, e.name, e.entity_id
            from document_sentences as ds semi join stg_documents using (doc_id)
            join entity_mentions as m using (sentence_id) join entities as e using (entity_id)
            where m.type = 'PER' order by all""").fetchall():
        people[doc_id].append((start, end, name, entity_id))
    for doc_id, start, end, sentence_id in con.execute("""
            select doc_id, char_start, char_end, sentence_id from document_sentences
            semi join stg_documents using (doc_id) order by all""").fetchall():
        occurrences[doc_id].append((start, end, sentence_id))
    return [(doc_id, text, people[doc_id], occurrences[doc_id]) for doc_id, text in texts]
