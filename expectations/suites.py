"""One Great Expectations suite per table whose spec has one (warehouse/tables/), over the candidate warehouse.

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

from warehouse.loader import STAGED_RUNS
from warehouse.tables import all_specs
from warehouse.tables.spec import Check, TableSpec, at_least, between, key_checks

MIN_ONE_ROW = Check("ExpectTableRowCountToBeBetween", {"min_value": 1})

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


def _expectation(check: Check) -> gxe.Expectation:
    """The Great Expectations expectation a spec's check names."""
    arguments = dict(check.arguments)
    if check.where:
        column, operator, value = check.where
        arguments["row_condition"] = Column(column) == value if operator == "==" else Column(column) != value
    return getattr(gxe, check.expectation)(**arguments)


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


def table_suite(table: TableSpec, expect_rows: dict[str, bool]) -> Suite:
    """The suite of a table's spec: its key not null and unique, rows if `expect_rows` (by what the batch loaded:
    "documents", "sentences") says the spec wants them, then the spec's checks."""
    wants_rows = table.suite.expect_rows is not None and expect_rows[table.suite.expect_rows]
    checks = (*key_checks(*table.key), *((MIN_ONE_ROW,) if wants_rows else ()), *table.suite.checks)
    return Suite(table.name, table.suite.query, tuple(_expectation(check) for check in checks))


def stories_suite() -> Suite:
    """The stories view: the stories tonight's documents joined, or merged into."""
    checks = (*key_checks("story_id"), between("n_documents", 1), at_least("last_published_at", "first_published_at"))
    return Suite(
        "stories",
        """
        select * from stories where story_id in (select story_id from stg_document_stories
                                                 union all select new_story from stg_story_relabels)""",
        tuple(_expectation(check) for check in checks),
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
    """The suites: critical rules per table (by its spec) and for the stories view, then warning-level statistics
    of tonight's batch.

    `expect_documents`: tonight loaded a file, so document rows must exist; `expect_sentences`:
    tonight's documents hold sentences, so sentence and occurrence rows must exist.
    """
    expect_rows = {"documents": expect_documents, "sentences": expect_sentences}
    return [
        *(table_suite(table, expect_rows) for table in all_specs() if table.suite),
        stories_suite(),
        run_statistics_suite(),
    ]
