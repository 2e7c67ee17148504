"""One Great Expectations suite per contract table, over the candidate warehouse.

Each suite validates a frame: the rows tonight's batch added or changed, plus the
columns a cross-table rule needs (the parent key a foreign key should find, the
slice an offset claims, any older row sharing a new row's key), so every rule is a
plain GX expectation and its failure names the table and the rule. Tonight's batch
is the staged Parquet the load read (the loader's `stg_<table>` views), and parent
tables are read only for the keys the batch's rows name, so the time and memory of
a night follow the size of the night, not of the warehouse: earlier rows were
validated on the nights they arrived. `entities` and `entity_aliases`, whose rows
tonight's surname links and counters may touch anywhere, are validated whole. Besides the
staged `stg_<table>` views, suites read only `stg_relinked_entities`, which the load names for them,
and the temp tables of `BATCH_ROWS`, read once per batch: on DuckLake every read of a text column decodes
it in every data file the filter cannot skip. Texts are read only where the batch wrote them (new documents
and sentences, and the sentences it tagged), through the runs that wrote those rows (`BATCH_RUNS`), so
DuckLake skips the other runs' files by their statistics; the older sentences the batch touched are read
without their text, since a batch changes their counters and groups, never their text.
Severity "critical" blocks the load; "warning" is only recorded.
"""

from dataclasses import dataclass

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from vnews.contract import AMOUNT_KINDS, ENTITY_TYPES, FILE_STATUSES, PUBLISHED_AT_SOURCES
from warehouse.loader import STAGED_RUNS

# The sentences whose text the batch wrote or tagged: its new sentences, and those its mentions and amounts are in
# (older ones too on `vnews retag`).
WRITTEN_SENTENCES = """
    select sentence_id from stg_sentences union all select sentence_id from stg_entity_mentions
    union all select sentence_id from stg_amounts"""

# Filters on run_id, formatted into BATCH_ROWS and the suites' queries as `run_id in (<the runs this query finds,
# as literals>)`.
BATCH_RUNS = {
    "staged_runs": STAGED_RUNS,
    "staged_file_runs": "select distinct run_id from stg_source_files union select run_id from stg_quarantine",
    # a new sentence's is its staged row's; only older sentences tagged again (`vnews retag`) are looked up
    "written_sentence_runs": """
        select run_id from stg_sentences
        union select run_id from sentences
        where sentence_id in (select sentence_id from stg_entity_mentions union all select sentence_id from stg_amounts
                              except select sentence_id from stg_sentences)""",
}

# Temp tables made before the suites run: the rows of documents and sentences the batch names.
BATCH_ROWS = {
    "batch_documents": """
        select * from documents
        where {staged_runs}
          and doc_id in (select doc_id from stg_documents union all select doc_id from stg_document_sentences
                         union all select doc_id from stg_quotations)""",
    "batch_sentences": """
        select * exclude (text, normalized_text) from sentences
        where sentence_id in (select sentence_id from stg_sentences
                              union all select sentence_id from stg_document_sentences
                              union all select sentence_id from stg_amounts
                              union all select sentence_id from entity_mentions
                                  where sentence_id in (select sentence_id from stg_entity_mentions)
                                     or entity_id in (select entity_id from stg_relinked_entities))
           or near_dup_group in (select new_group from stg_near_dup_relabels)""",
    "batch_sentence_texts": f"""
        select sentence_id, text from sentences
        where {{written_sentence_runs}} and sentence_id in ({WRITTEN_SENTENCES})""",
}


@dataclass(frozen=True)
class Suite:
    table: str
    query: str
    expectations: tuple[gxe.Expectation, ...]


# The rows the batch wrote (an `is_new` column), whose text the frame holds: the batch changed only the keys,
# counters and groups of the others.
NEW = Column("is_new") == True  # noqa: E712 (GX builds the condition from the comparison)


def _warn_unless_between(
    column: str, min_value: float | None = None, max_value: float | None = None
) -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=min_value, max_value=max_value, severity="warning"
    )


# One row describing what the batch added; nulls (nothing new) pass.
RUN_STATISTICS_QUERY = """
    with new_sentences as (
        select s.sentence_id, any_value(length(s.text)) as text_length, count(m.sentence_id) as n_mentions
        from batch_sentence_texts as s
        left join (select sentence_id from entity_mentions
                   where sentence_id in (select sentence_id from stg_sentences)) as m using (sentence_id)
        where s.sentence_id in (select sentence_id from stg_sentences)
        group by s.sentence_id
    )
    select
        (select 1 - avg(is_first_occurrence::int) from document_sentences
         where doc_id in (select doc_id from stg_documents)) as duplicate_rate,
        (select avg(n_mentions) from new_sentences) as mentions_per_new_sentence,
        (select avg((n_mentions = 0)::int) from new_sentences) as share_without_entities,
        (select avg(text_length) from new_sentences) as mean_sentence_length
"""


def _key(*columns: str) -> tuple[gxe.Expectation, ...]:
    not_null = tuple(gxe.ExpectColumnValuesToNotBeNull(column=c) for c in columns)
    if len(columns) == 1:
        return (*not_null, gxe.ExpectColumnValuesToBeUnique(column=columns[0]))
    return (*not_null, gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)))


def _resolves(foreign_key: str) -> tuple[gxe.Expectation, ...]:
    """The foreign key is set and finds its parent: the joined parent key (parent_<column>) is not null."""
    return (
        gxe.ExpectColumnValuesToNotBeNull(column=foreign_key),
        gxe.ExpectColumnValuesToNotBeNull(column=f"parent_{foreign_key}"),
    )


def _offsets_inside(length_column: str, **where) -> tuple[gxe.Expectation, ...]:
    """`where`: an optional row_condition, the rows whose text the frame holds."""
    return (
        gxe.ExpectColumnValuesToBeBetween(column="char_start", min_value=0),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="char_end", column_B="char_start"),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=length_column, column_B="char_end", or_equal=True, **where
        ),
    )


def _nfc_and_not_empty(column: str, **where) -> tuple[gxe.Expectation, ...]:
    return (
        gxe.ExpectColumnValuesToNotBeNull(column=column, **where),
        gxe.ExpectColumnValueLengthsToBeBetween(column=column, min_value=1, **where),
        gxe.ExpectColumnPairValuesToBeEqual(column_A=column, column_B=f"{column}_nfc", **where),
    )


def _min_rows(expected: bool) -> tuple[gxe.Expectation, ...]:
    return (gxe.ExpectTableRowCountToBeBetween(min_value=1),) if expected else ()


def documents_suite(expect_rows: bool) -> Suite:
    return Suite(
        "documents",
        """
        select d.*, nfc_normalize(d.text) as text_nfc from batch_documents as d
        where d.doc_id in (select doc_id from stg_documents)""",
        (
            *_key("doc_id"),
            *_min_rows(expect_rows),
            *_nfc_and_not_empty("text"),
            gxe.ExpectColumnValuesToBeBetween(column="n_sentences", min_value=0),
        ),
    )


def sentences_suite(expect_rows: bool) -> Suite:
    return Suite(
        "sentences",
        """
        with touched as (
            select * from batch_sentences
            where sentence_id in (select sentence_id from stg_sentences
                                  union all select sentence_id from stg_document_sentences)
               or near_dup_group in (select new_group from stg_near_dup_relabels)
        )
        select s.*, t.text, nfc_normalize(t.text) as text_nfc,
               s.sentence_id in (select sentence_id from stg_sentences) as is_new,
               doc.doc_id as parent_first_doc_id, grp.sentence_id as parent_near_dup_group,
               coalesce(occ.n, 0) as occurrence_rows, coalesce(occ.n_docs, 0) as occurrence_documents
        from touched as s
        left join batch_sentence_texts as t using (sentence_id)
        left join (select doc_id from documents where doc_id in (select first_doc_id from touched)) as doc
            on doc.doc_id = s.first_doc_id
        left join (select sentence_id from sentences where sentence_id in (select near_dup_group from touched)) as grp
            on grp.sentence_id = s.near_dup_group
        left join (select sentence_id, count(*) as n, count(distinct doc_id) as n_docs
                   from document_sentences where sentence_id in (select sentence_id from touched)
                   group by sentence_id) as occ on occ.sentence_id = s.sentence_id""",
        (
            *_key("sentence_id"),
            *_min_rows(expect_rows),
            *_nfc_and_not_empty("text", row_condition=NEW),
            *_resolves("first_doc_id"),
            *_resolves("near_dup_group"),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="n_occurrences", column_B="occurrence_rows"),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="n_documents", column_B="occurrence_documents"),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="n_occurrences", column_B="n_documents", or_equal=True
            ),
        ),
    )


def document_sentences_suite(expect_rows: bool) -> Suite:
    return Suite(
        "document_sentences",
        """
        with occurrences as (
            select * from document_sentences where doc_id in (select doc_id from stg_document_sentences)
        )
        select ds.*, s.sentence_id as parent_sentence_id, d.doc_id as parent_doc_id, d.document_length
        from occurrences as ds
        left join (select sentence_id from sentences
                   where sentence_id in (select sentence_id from occurrences)) as s using (sentence_id)
        left join (select doc_id, length(text) as document_length from batch_documents
                   where doc_id in (select doc_id from occurrences)) as d using (doc_id)""",
        (
            *_key("doc_id", "position"),
            *_min_rows(expect_rows),
            *_resolves("sentence_id"),
            *_resolves("doc_id"),
            *_offsets_inside("document_length"),
        ),
    )


def entities_suite() -> Suite:
    return Suite(
        "entities",
        "select * from entities",
        (
            *_key("entity_id"),
            gxe.ExpectColumnValuesToBeInSet(column="type", value_set=list(ENTITY_TYPES)),
            gxe.ExpectColumnValuesToBeBetween(column="n_mentions", min_value=1),
        ),
    )


def entity_mentions_suite() -> Suite:
    """Tonight's mentions, and those a load moved to another entity (`stg_relinked_entities`, named by the loader):
    their keys and entities; the offsets and surface of tonight's."""
    return Suite(
        "entity_mentions",
        """
        with mentions as (
            select * from entity_mentions
            where sentence_id in (select sentence_id from stg_entity_mentions)
               or entity_id in (select entity_id from stg_relinked_entities)
        )
        select m.*, s.sentence_id as parent_sentence_id, e.entity_id as parent_entity_id,
               m.sentence_id in (select sentence_id from stg_entity_mentions) as is_new,
               length(t.text) as sentence_length,
               substr(t.text, m.char_start + 1, m.char_end - m.char_start) as text_slice
        from mentions as m
        left join (select sentence_id from batch_sentences
                   where sentence_id in (select sentence_id from mentions)) as s using (sentence_id)
        left join batch_sentence_texts as t using (sentence_id)
        left join (select entity_id from entities
                   where entity_id in (select entity_id from mentions)) as e using (entity_id)""",
        (
            *_key("sentence_id", "char_start", "char_end", "type"),
            *_resolves("sentence_id"),
            *_resolves("entity_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="extractor_version"),
            gxe.ExpectColumnValuesToBeInSet(column="type", value_set=list(ENTITY_TYPES)),
            *_offsets_inside("sentence_length", row_condition=NEW),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="surface", column_B="text_slice", row_condition=NEW),
        ),
    )


def entity_aliases_suite() -> Suite:
    return Suite(
        "entity_aliases",
        """
        select a.*, e.entity_id as parent_entity_id from entity_aliases as a
        left join entities as e using (entity_id)""",
        (
            *_key("alias", "entity_id"),
            *_resolves("entity_id"),
            gxe.ExpectColumnValuesToBeInSet(column="type", value_set=list(ENTITY_TYPES)),
        ),
    )


def source_files_suite() -> Suite:
    return Suite(
        "source_files",
        """
        select f.*, d.doc_id as parent_doc_id
        from (select * from source_files semi join stg_source_files as new using (run_id, source_path)
              where {staged_file_runs}) as f
        left join documents as d using (doc_id)""",
        (
            *_key("run_id", "source_path"),
            gxe.ExpectColumnValuesToBeInSet(column="status", value_set=list(FILE_STATUSES)),
            gxe.ExpectColumnValuesToNotBeNull(column="parent_doc_id", row_condition=Column("status") != "quarantined"),
        ),
    )


def quarantine_suite() -> Suite:
    return Suite(
        "quarantine",
        """
        select * from quarantine semi join stg_quarantine as new using (run_id, source_path)
        where {staged_file_runs}""",
        (*_key("run_id", "source_path"), gxe.ExpectColumnValuesToNotBeNull(column="reason")),
    )


def publications_suite() -> Suite:
    return Suite(
        "publications",
        """
        select p.*, d.doc_id as parent_doc_id
        from (select * from publications semi join stg_publications using (publication_id)) as p
        left join documents as d using (doc_id)""",
        (
            *_key("publication_id"),
            *_resolves("doc_id"),
            gxe.ExpectColumnValuesToBeInSet(column="published_at_source", value_set=list(PUBLISHED_AT_SOURCES)),
            gxe.ExpectColumnValuesToNotBeNull(
                column="published_day", row_condition=Column("published_at_source") != "none"
            ),
            gxe.ExpectColumnValuesToBeNull(
                column="published_at", row_condition=Column("published_at_source") == "none"
            ),
        ),
    )


def document_stories_suite() -> Suite:
    """Tonight's documents in stories, and the documents of the stories merged tonight."""
    return Suite(
        "document_stories",
        """
        with touched as (
            select * from document_stories
            where doc_id in (select doc_id from stg_document_stories)
               or story_id in (select new_story from stg_story_relabels)
        )
        select t.*, d.doc_id as parent_doc_id, s.story_id as parent_story_id
        from touched as t
        left join (select doc_id from documents where doc_id in (select doc_id from touched)) as d using (doc_id)
        left join (select story_id from stories where story_id in (select story_id from touched)) as s
            using (story_id)""",
        (*_key("doc_id"), *_resolves("doc_id"), *_resolves("story_id")),
    )


def stories_suite() -> Suite:
    return Suite(
        "stories",
        """
        select * from stories where story_id in (select story_id from stg_document_stories
                                                 union all select new_story from stg_story_relabels)""",
        (
            *_key("story_id"),
            gxe.ExpectColumnValuesToBeBetween(column="n_documents", min_value=1),
            gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A="last_published_at", column_B="first_published_at", or_equal=True
            ),
        ),
    )


def amounts_suite() -> Suite:
    return Suite(
        "amounts",
        """
        select a.*, s.sentence_id as parent_sentence_id, length(s.text) as sentence_length,
               substr(s.text, a.char_start + 1, a.char_end - a.char_start) as text_slice
        from (select * from amounts semi join stg_amounts using (sentence_id, char_start, char_end)) as a
        left join batch_sentence_texts as s using (sentence_id)""",
        (
            *_key("sentence_id", "char_start", "char_end"),
            *_resolves("sentence_id"),
            gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=list(AMOUNT_KINDS)),
            gxe.ExpectColumnValuesToNotBeNull(column="value"),
            *_offsets_inside("sentence_length"),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="surface", column_B="text_slice"),
        ),
    )


def quotations_suite() -> Suite:
    return Suite(
        "quotations",
        """
        select q.*, d.doc_id as parent_doc_id, length(d.text) as document_length,
               substr(d.text, q.char_start + 1, q.char_end - q.char_start) as text_slice
        from (select * from quotations semi join stg_quotations using (quotation_id)) as q
        left join batch_documents as d using (doc_id)""",
        (
            *_key("quotation_id"),
            *_resolves("doc_id"),
            *_offsets_inside("document_length"),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="text", column_B="text_slice"),
            gxe.ExpectColumnValuesToNotBeNull(column="cue"),
            gxe.ExpectColumnValuesToNotBeNull(column="is_direct"),
        ),
    )


def run_statistics_suite() -> Suite:
    """Warnings only: bounds that flag a broken splitter or tagger, not a normal news day."""
    return Suite(
        "run_statistics",
        RUN_STATISTICS_QUERY,
        (
            _warn_unless_between("duplicate_rate", 0.0, 0.9),
            _warn_unless_between("mentions_per_new_sentence", 0.2, 15.0),
            _warn_unless_between("share_without_entities", 0.0, 0.9),
            _warn_unless_between("mean_sentence_length", 20.0, 600.0),
        ),
    )


def contract_suites(expect_documents: bool, expect_sentences: bool) -> list[Suite]:
    """The suites: critical rules per contract table, then warning-level statistics of tonight's batch.

    `expect_documents`: tonight loaded a file, so document rows must exist; `expect_sentences`:
    tonight's documents hold sentences, so sentence and occurrence rows must exist.
    """
    return [
        documents_suite(expect_documents),
        sentences_suite(expect_sentences),
        document_sentences_suite(expect_sentences),
        entities_suite(),
        entity_mentions_suite(),
        entity_aliases_suite(),
        source_files_suite(),
        quarantine_suite(),
        publications_suite(),
        document_stories_suite(),
        stories_suite(),
        amounts_suite(),
        quotations_suite(),
        run_statistics_suite(),
    ]
