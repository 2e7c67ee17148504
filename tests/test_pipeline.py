"""The nightly-ingest flow end to end on the bundled sample: real Prefect, GX, Parquet and DuckDB."""

import json
import re
import shutil
from pathlib import Path

import pytest

from flows.nightly_ingest import nightly_ingest
from tests.golden import GOLDEN, content_digest
from tests.inputs import EXTRA_ARTICLE
from tests.warehouse_queries import query, snapshot
from vnews.contract import CONTRACT_VIEWS
from warehouse.tables import CONTRACT_TABLES, all_specs


@pytest.fixture
def sample_warehouse(sample_run) -> Path:
    return sample_run


def test_every_table_has_the_columns_of_its_spec(sample_warehouse):
    """The warehouse's tables are those of the specs (warehouse/tables/), column for column, type for type, in their
    schemas; each table of the contract has its Parquet in the lake."""
    held = query(
        sample_warehouse,
        """select schema_name || '.' || table_name, list((column_name, lower(data_type)) order by column_index)
           from duckdb_columns() semi join duckdb_tables() using (database_name, schema_name, table_name)
           where database_name = current_database() and table_name <> '_migrations'
           group by all""",
    )
    assert dict(held) == {
        f"{table.schema}.{table.name}": [(c.name, c.type) for c in table.columns] for table in all_specs()
    }
    for table in CONTRACT_TABLES:
        assert list((sample_warehouse / "lake" / table).glob("*.parquet")), f"no Parquet for {table}"


def test_every_contract_view_has_its_columns(sample_warehouse):
    for view, required in CONTRACT_VIEWS.items():
        present = [name for (name, *_) in query(sample_warehouse, f"describe {view}")]
        assert set(required) <= set(present), view


def test_sample_loads_five_documents(sample_warehouse):
    assert query(sample_warehouse, "select count(*) from documents") == [(5,)]
    assert query(sample_warehouse, "select status, count(*) from source_files group by 1") == [("loaded", 5)]
    assert query(sample_warehouse, "select status from runs") == [("completed",)]


def test_sentences_shared_by_articles_001_and_002_are_stored_once(sample_warehouse):
    shared = query(
        sample_warehouse,
        """
        select s.sentence_id, s.n_documents, s.n_occurrences,
               list(distinct regexp_extract(d.source_path, '(\\d{3})_', 1))
        from sentences s join document_sentences ds using (sentence_id) join documents d using (doc_id)
        group by all having count(distinct d.doc_id) > 1""",
    )
    assert len(shared) == 2
    assert all(row[1:3] == (2, 2) and sorted(row[3]) == ["001", "002"] for row in shared)
    texts = [t for (t,) in query(sample_warehouse, "select text from sentences")]
    assert len(texts) == len(set(texts))


def test_no_sentence_is_only_punctuation(sample_warehouse):
    texts = [t for (t,) in query(sample_warehouse, "select text from sentences")]
    assert texts and all(re.search(r"\w", t) for t in texts)


def test_occurrences_point_at_sentences_and_at_the_document_text(sample_warehouse):
    rows = query(
        sample_warehouse,
        """
        select s.text, substr(d.text, ds.char_start + 1, ds.char_end - ds.char_start)
        from document_sentences ds left join sentences s using (sentence_id) join documents d using (doc_id)""",
    )
    assert rows and all(sentence is not None for sentence, _ in rows)
    assert all(sentence == span for sentence, span in rows)


def test_mention_surfaces_equal_their_slice_of_the_sentence(sample_warehouse):
    rows = query(
        sample_warehouse,
        """
        select m.surface, substr(s.text, m.char_start + 1, m.char_end - m.char_start), e.entity_id
        from entity_mentions m join sentences s using (sentence_id) left join entities e using (entity_id)""",
    )
    assert len(rows) > 50
    assert all(surface == span and entity for surface, span, entity in rows)


def test_lake_holds_the_rows_of_the_warehouse(sample_warehouse):
    """Every content row is in the lake; the lake's entities also keep the short forms that linking folded
    into a full name in the warehouse ("Putin" into "Vladimir Putin"); the lake's mentions have the type the
    tagger gave them, the warehouse's their entity's."""
    keys = {
        "documents": "doc_id",
        "sentences": "sentence_id",
        "document_sentences": "doc_id || position",
        "entities": "entity_id",
        "entity_mentions": "sentence_id || char_start || tagged_type",
    }
    for table, key in keys.items():
        lake = query(
            sample_warehouse, f"select {key} from read_parquet('{sample_warehouse}/lake/{table}/*.parquet') order by 1"
        )
        warehouse = query(sample_warehouse, f"select {key} from {table} order by 1")
        assert warehouse and (set(warehouse) <= set(lake) if table == "entities" else lake == warehouse), table
    linked = query(
        sample_warehouse,
        f"""
        select entity_id from read_parquet('{sample_warehouse}/lake/entities/*.parquet')
        anti join entities using (entity_id)
        order by 1""",
    )
    assert linked and linked == query(sample_warehouse, "select from_entity_id from entity_relinks order by 1")
    assert not list((sample_warehouse / "lake" / "_staging").glob("*")), "staging must be empty after a good run"


def test_second_run_changes_no_content(sample_night):
    sample_input, data_dir = sample_night  # after a first night over the sample
    first = snapshot(data_dir)
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    assert snapshot(data_dir) == first
    assert (summary.files_unchanged, summary.documents_new, summary.rows_loaded) == (5, 0, 0)
    assert query(data_dir, "select status, count(*) from source_files group by 1 order by 1") == [
        ("loaded", 5),
        ("unchanged", 5),
    ]


def test_ids_are_the_same_on_another_data_dir(sample_warehouse, sample_input_run):
    """Two runs of the sample, from two input folders into two data directories."""
    _, other, _ = sample_input_run
    assert other != sample_warehouse and query(other, "select source_path from documents") != query(
        sample_warehouse, "select source_path from documents"
    )
    volatile = ("run_id", "ingested_at", "source_path")
    assert snapshot(other, drop=volatile) == snapshot(sample_warehouse, drop=volatile)


def test_one_more_file_adds_exactly_its_rows(sample_night):
    sample_input, data_dir = sample_night  # after a first night over the sample
    before = snapshot(data_dir)
    (sample_input / "005_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    after = snapshot(data_dir)

    assert (summary.files_loaded, summary.files_unchanged, summary.documents_new) == (1, 5, 1)
    [(new_doc,)] = query(data_dir, "select doc_id from documents where source_path like '%005_extra.txt'")
    assert set(before["documents"]) < set(after["documents"]) and len(after["documents"]) == 6
    added_occurrences = set(after["document_sentences"]) - set(before["document_sentences"])
    assert added_occurrences and {row[0] for row in added_occurrences} == {new_doc}
    assert set(before["document_sentences"]) <= set(after["document_sentences"])
    assert len(after["sentences"]) == len(before["sentences"]) + 2


def test_a_moved_copy_of_an_article_is_not_a_new_document(sample_night):
    sample_input, data_dir = sample_night  # after a first night over the sample
    (sample_input / "archive").mkdir()
    shutil.copy(next(sample_input.glob("000_*.txt")), sample_input / "archive" / "renamed.txt")
    summary = nightly_ingest(input_dir=str(sample_input), data_dir=str(data_dir))
    assert (summary.files_seen, summary.files_unchanged, summary.documents_new) == (6, 6, 0)


def test_canonical_entities_merge_aliases_and_unambiguous_surnames(sample_warehouse):
    aliases = query(
        sample_warehouse,
        """
        select e.name, list(a.alias order by a.alias) from entities e join entity_aliases a using (entity_id)
        where e.name in ('Vladimir Putin', 'New START') group by 1 order by 1""",
    )
    assert aliases == [
        ("New START", ["New START", "START mới", "START-3"]),
        ("Vladimir Putin", ["Putin", "Vladimir Putin"]),
    ]
    assert query(sample_warehouse, "select count(*) from entities where name in ('Putin', 'Biden')") == [(0,)]
    [(n_mentions,)] = query(sample_warehouse, "select n_mentions from entities where name = 'Vladimir Putin'")
    [(counted,)] = query(
        sample_warehouse,
        """
        select count(*) from entity_mentions m join document_sentences using (sentence_id)
        join entities e using (entity_id) where e.name = 'Vladimir Putin'""",
    )
    assert n_mentions == counted > 0


def test_the_sample_gives_the_recorded_content_tables(sample_warehouse):
    """Same input, same warehouse, across refactors: counts and hashes recorded in tests/data/ (see tests/golden.py)."""
    assert content_digest(sample_warehouse) == json.loads(GOLDEN.read_text(encoding="utf-8"))
