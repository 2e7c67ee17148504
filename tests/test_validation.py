"""Great Expectations as the gate: a corrupted batch fails the run, names the rule, and touches nothing."""

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from prefect import flow

from expectations.gate import build_docs, open_context
from flows.nightly_ingest import load_tables, nightly_ingest, publish_run, validate_loaded
from tests.inputs import EXTRA_ARTICLE, first_sample_night
from tests.test_report import _rendered_dom
from tests.warehouse_queries import query
from vnews.paths import DataPaths
from vnews.run import Run
from warehouse import loader
from warehouse.backends import Warehouse
from warehouse.lake import lake_files
from warehouse.schema import BATCH_TABLES, DERIVED_TABLES


@pytest.fixture(scope="module")
def batches(tmp_path_factory, sample_input_run):
    """A warehouse holding the sample, and the lake batch of one more article loaded on top of it."""
    root = tmp_path_factory.mktemp("gate")
    base = root / "base"  # a copy of the shared first night over a copy of the sample (its input folder can change)
    sample = first_sample_night(sample_input_run, base)
    after = root / "after"
    shutil.copytree(base, after)
    (sample / "005_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
    nightly_ingest(input_dir=str(sample), data_dir=str(after))
    [second_run] = [r for (r,) in query(after, "select run_id from runs order by started_at")][1:]
    batch = {
        table: path
        for table in (*BATCH_TABLES, *DERIVED_TABLES)
        for path in lake_files(DataPaths(after), table)
        if second_run in path.name
    }  # a night stages no retag rows
    return base, batch


@flow(name="reload-batch")
def reload_batch(data_dir: str, staged: dict[str, Path], run_id: str):
    """A real Prefect run of the flow's load, validate and publish tasks on a given staged batch."""
    paths = DataPaths(Path(data_dir))
    run = Run.start(paths, run_id)
    context = open_context(paths.gx, paths.gx_docs)
    with Warehouse.of(paths).candidate() as con:
        load_tables(con, staged, 0)
        loader.load_derived(con, staged)
        run.results = validate_loaded(con, context, run, 0)
        publish_run(con, context, run)


def corrupt(path: Path, sql: str) -> None:
    """Rewrite one staged Parquet table through DuckDB: `sql` selects the corrupted rows from `batch`."""
    con = duckdb.connect()
    con.execute(f"create table batch as select * from read_parquet('{path}')")
    corrupted = con.sql(sql).fetch_arrow_table()
    pq.write_table(corrupted.cast(pq.read_schema(path)), path)


CORRUPTIONS = {
    "null key": (
        "document_sentences",
        "select * replace (case when position = 0 then null else sentence_id end as sentence_id) from batch",
        "document_sentences: expect_column_values_to_not_be_null(column=sentence_id",
    ),
    "duplicate key": (
        "documents",
        "select * from batch union all select * from batch",
        "documents: expect_column_values_to_be_unique(column=doc_id",
    ),
    "dangling foreign key": (
        "document_sentences",
        "select * replace ('ffffffffffffffff' as sentence_id) from batch",
        "document_sentences: expect_column_values_to_not_be_null(column=parent_sentence_id",
    ),
    "offset out of range": (
        "entity_mentions",
        "select * replace (char_end + 1000 as char_end) from batch",
        "entity_mentions: expect_column_pair_values_a_to_be_greater_than_b(column_A=sentence_length, column_B=char_end",
    ),
    "unknown type": (
        "entity_mentions",
        "select * replace ('WEAPON' as tagged_type) from batch",
        "entities: expect_column_values_to_be_in_set(column=type",
    ),
    "surface not the slice": (
        "entity_mentions",
        "select * replace (surface || 'x' as surface) from batch",
        "entity_mentions: expect_column_pair_values_to_be_equal(column_A=surface, column_B=text_slice",
    ),
    "text not NFC": (
        "sentences",
        "select * replace ('e' || chr(769) || text as text) from batch",
        "sentences: expect_column_pair_values_to_be_equal(column_A=text, column_B=text_nfc",
    ),
}


@pytest.mark.parametrize("case", CORRUPTIONS)
def test_corrupted_batch_fails_the_run_and_leaves_the_warehouse_as_it_was(case, batches, tmp_path):
    base, batch = batches
    data_dir = tmp_path / "data"
    shutil.copytree(base, data_dir)
    paths = DataPaths(data_dir)
    run_id = f"corrupt-{case.replace(' ', '-')}"
    staged = {table: Path(shutil.copy(path, tmp_path / f"{table}.parquet")) for table, path in batch.items()}
    table, sql, expected = CORRUPTIONS[case]
    corrupt(staged[table], sql)
    before = paths.warehouse.read_bytes()

    state = reload_batch(str(data_dir), staged, run_id, return_state=True)

    assert state.is_failed()
    assert expected in state.message
    assert paths.warehouse.read_bytes() == before
    assert not paths.candidate_warehouse.exists()
    recorded = pq.read_table(paths.lake_file("validation_results", run_id)).to_pylist()
    assert any(
        not r["success"]
        and r["severity"] == "critical"
        and f"{r['table_name']}: {r['expectation']}".startswith(expected)
        for r in recorded
    )
    [run] = pq.read_table(paths.lake_file("runs", run_id)).to_pylist()
    assert run["status"] == "failed" and expected in run["message"]


def test_failed_run_results_reach_the_warehouse_with_the_next_good_run(batches, tmp_path):
    base, batch = batches
    data_dir = tmp_path / "data"
    shutil.copytree(base, data_dir)
    staged = {table: Path(shutil.copy(path, tmp_path / f"{table}.parquet")) for table, path in batch.items()}
    corrupt(staged["entity_mentions"], "select * replace ('WEAPON' as tagged_type) from batch")
    assert reload_batch(str(data_dir), staged, "bad-night", return_state=True).is_failed()
    page = data_dir / "docs" / "index.html"  # the failed run is on the data-quality page at once
    dom = _rendered_dom(page, tmp_path / "profile")
    assert dom.count("<table") == page.read_text(encoding="utf-8").count("<table") == 3
    assert dom.count('class="plot-container plotly"') == 1
    assert 'id="failed-bad-night"' in dom and "expect_column_values_to_be_in_set(column=type" in dom
    assert "WEAPON" in dom  # with the values it found

    (tmp_path / "empty").mkdir()
    nightly_ingest(input_dir=str(tmp_path / "empty"), data_dir=str(data_dir))
    assert query(data_dir, "select status from runs where run_id = 'bad-night'") == [("failed",)]
    [(n_failed,)] = query(
        data_dir, "select count(*) from validation_results where run_id = 'bad-night' and not success"
    )
    assert n_failed >= 1


def test_the_sample_passes_every_suite_and_warnings_are_recorded(batches):
    base, _ = batches
    rows = query(base, "select table_name, severity, success from validation_results")
    assert rows and all(success for *_, success in rows)
    tables = {t for t, *_ in rows}
    assert tables >= {
        "documents",
        "sentences",
        "document_sentences",
        "entities",
        "entity_mentions",
        "source_files",
        "quarantine",
        "run_statistics",
    }
    assert {s for t, s, _ in rows if t == "run_statistics"} == {"warning"}


def test_a_warning_does_not_block_the_load(tmp_path):
    """A day of articles with no names at all: the tagger-health warning fires, the load goes on."""
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "plain.txt").write_text("hôm nay trời mưa rất to.\nmọi người ở nhà cả ngày.\n", encoding="utf-8")
    summary = nightly_ingest(input_dir=str(folder), data_dir=str(tmp_path / "data"))
    assert summary.documents_new == 1
    assert any(
        w.startswith("run_statistics: expect_column_values_to_be_between(column=mentions_per_new_sentence")
        for w in summary.warnings
    )
    assert query(tmp_path / "data", "select count(*) from documents") == [(1,)]


def test_data_docs_name_every_suite(batches):
    base, _ = batches
    index = build_docs(open_context(DataPaths(base).gx, DataPaths(base).gx_docs))
    assert index == DataPaths(base).gx_docs / "index.html" and index.exists()
    html = index.read_text(encoding="utf-8")
    for suite in ("documents", "sentences", "document_sentences", "entities", "entity_mentions", "run_statistics"):
        assert suite in html


def test_a_gx_project_that_records_an_absolute_docs_path_is_rewritten_relative(batches, tmp_path):
    """A data directory written before 0.10 named its Data Docs site by absolute path: opening it fixes that."""
    base, _ = batches
    data_dir = tmp_path / "data"
    shutil.copytree(base, data_dir)
    paths = DataPaths(data_dir)
    config = paths.gx / "great_expectations.yml"
    config.write_text(config.read_text().replace("base_directory: ../docs/gx", f"base_directory: {base / 'docs'}"))
    assert str(base) in config.read_text()

    index = build_docs(open_context(paths.gx, paths.gx_docs))
    assert index == paths.gx_docs / "index.html" and str(base) not in config.read_text()


def test_a_night_validates_the_rows_it_added_not_the_whole_warehouse(batches):
    """The second night added one article: its document suite saw one row, the first night's saw five."""
    base, batch = batches
    after = base.parent / "after"
    counts = query(
        after,
        """
        select distinct r.run_id, r.started_at, json_extract(v.details, '$.element_count')::int
        from validation_results as v join runs as r using (run_id)
        where v.table_name = 'documents' and v.expectation like 'expect_column_values_to_not_be_null(column=doc_id%'
        order by r.started_at""",
    )
    assert [n for *_, n in counts] == [5, 1]
    [(new_sentences,)] = query(after, f"select count(*) from read_parquet('{batch['document_sentences']}')")
    [(validated,)] = query(
        after,
        f"""
        select distinct json_extract(details, '$.element_count')::int from validation_results
        where run_id = '{counts[1][0]}' and table_name = 'document_sentences'
          and expectation like 'expect_column_values_to_not_be_null(column=doc_id%'""",
    )
    assert validated == new_sentences
