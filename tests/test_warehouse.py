"""The warehouse analysts and BI tools live in: migrations, all-or-nothing loads, readers, views, exports."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
import sqlalchemy

from flows.nightly_ingest import nightly_ingest
from tests.inputs import write_articles
from tests.warehouse_queries import comments, query, snapshot, spec_descriptions
from vnews.defaults import bundled_sample
from vnews.paths import DataPaths
from warehouse.schema import MIGRATIONS_DIR, apply_migrations, create_views
from warehouse.tables import all_specs, spec

VNEWS = str(Path(sys.executable).with_name("vnews"))
DUCKDB2_ENV = Path(__file__).parents[1] / ".tools" / "duckdb2"
VIEWS = [
    "v_duplicate_sentences",
    "v_entity_mentions_by_document",
    "v_entity_cooccurrence",
    "v_entity_timeline",
    "v_run_history",
    "v_data_quality",
]


@pytest.fixture
def sample_warehouse(sample_run) -> Path:
    return sample_run


@pytest.fixture
def big_input(tmp_path) -> Path:
    """The sample plus 400 generated articles: enough work for a load that takes a few seconds."""
    folder = tmp_path / "big"
    shutil.copytree(bundled_sample(), folder)
    write_articles(folder, 400)
    return folder


def test_migrations_apply_once_and_keep_data(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = sorted(MIGRATIONS_DIR.glob("*.sql"))[0]
    con.execute(first.read_text())  # a warehouse from before the later migrations existed
    con.execute("create table _migrations (name varchar, applied_at timestamp)")
    con.execute("insert into _migrations values (?, now()::timestamp)", [first.name])
    con.execute("insert into runs (run_id, status) values ('old', 'completed')")

    assert apply_migrations(con) == [p.name for p in sorted(MIGRATIONS_DIR.glob("*.sql"))[1:]]
    assert apply_migrations(con) == []
    create_views(con)
    create_views(con)  # views are re-created, never migrated
    assert con.execute("select run_id from runs").fetchall() == [("old",)]
    assert con.execute("select count(*) from v_run_history").fetchone() == (1,)


def test_internal_tables_an_older_vnews_made_in_main_move_to_their_schema_with_their_rows(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con)
    internal = [t.name for t in all_specs() if t.schema == "internal"]
    for table in internal:  # where vnews 0.11 made them
        con.execute(f"create table main.{table} as select * from internal.{table}; drop table internal.{table}")
    con.execute("create table main._migrations as select * from internal._migrations where name < '013'")
    con.execute("drop table internal._migrations")
    con.execute("insert into main._near_dup_bands values ('s1', 3, 42)")
    con.execute("insert into main._search_documents values ('d1', 7)")

    assert apply_migrations(con) == ["013_internal_schema.sql", "014_story_threads.sql"]
    assert con.execute("select * from internal._near_dup_bands").fetchall() == [("s1", 3, 42)]
    assert con.execute("select * from internal._search_documents").fetchall() == [("d1", 7)]
    main = "select table_name from duckdb_tables() where schema_name = 'main'"
    assert {t for (t,) in con.execute(main).fetchall()} == {t.name for t in all_specs() if t.schema == "main"}
    applied = con.execute("select count(*) from internal._migrations").fetchone()[0]
    assert applied == len(list(MIGRATIONS_DIR.glob("*.sql")))
    assert comments(con) == spec_descriptions()


def test_documents_placed_before_threads_are_threads_of_their_own_story(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_migrations(con)
    con.execute("alter table document_stories drop column thread_id; drop table thread_relabels")  # as 0.12 made it
    con.execute("delete from internal._migrations where name like '014_%'")
    con.execute("insert into document_stories values ('d1', 's1', 'r1'), ('d2', 's1', 'r1'), ('d3', 's3', 'r2')")

    assert apply_migrations(con) == ["014_story_threads.sql"]
    assert con.execute("select doc_id, story_id, thread_id from document_stories order by 1").fetchall() == [
        ("d1", "s1", "s1"),
        ("d2", "s1", "s1"),
        ("d3", "s3", "s3"),
    ]
    assert con.execute("select count(*) from thread_relabels").fetchone() == (0,)


def test_every_table_and_column_carries_its_specs_description_as_its_comment():
    con = duckdb.connect()
    apply_migrations(con)
    assert comments(con) == spec_descriptions()
    con.execute("comment on column documents.text is 'something else'")
    con.execute("comment on table internal._search_terms is null")
    apply_migrations(con)  # puts the specs' descriptions back, and only those
    assert comments(con) == spec_descriptions()


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.slow
def test_kill_minus_nine_during_the_load_leaves_the_warehouse_as_it_was(
    sample_warehouse, big_input, tmp_path, subprocess_env
):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_warehouse, data_dir)
    paths = DataPaths(data_dir)
    before = paths.warehouse.read_bytes()

    run = subprocess.Popen(
        [VNEWS, "run", "--input", str(big_input), "--data-dir", str(data_dir)],
        env=subprocess_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while (
        not list(paths.staging.glob("*/00000/entities.parquet")) and run.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.01)  # until the batch is staged: the load into the candidate starts next
    assert run.poll() is None and paths.candidate_warehouse.exists(), "the run ended before its load started"
    helpers = _children(run.pid)  # the tagging worker processes
    os.kill(run.pid, signal.SIGKILL)
    run.wait()

    assert paths.warehouse.read_bytes() == before
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert helpers and not any(Path(f"/proc/{pid}").exists() for pid in helpers), "orphaned worker processes"
    summary = nightly_ingest(input_dir=str(big_input), data_dir=str(data_dir))  # the next run finishes the job
    assert summary.documents_new == 400

    reference = tmp_path / "reference"
    shutil.copytree(sample_warehouse, reference)
    nightly_ingest(input_dir=str(big_input), data_dir=str(reference))
    volatile = ("run_id", "ingested_at")
    assert snapshot(data_dir, drop=volatile) == snapshot(reference, drop=volatile)
    assert not paths.candidate_warehouse.exists()


@pytest.mark.slow
def test_readers_never_fail_while_a_run_loads(sample_warehouse, big_input, tmp_path, subprocess_env):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_warehouse, data_dir)
    run = subprocess.Popen(
        [VNEWS, "run", "--input", str(big_input), "--data-dir", str(data_dir)],
        env=subprocess_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    counts, failures = [], []
    while run.poll() is None:
        reader = subprocess.run(
            [VNEWS, "sql", "select count(*) from documents", "--data-dir", str(data_dir), "--format", "csv"],
            capture_output=True,
            text=True,
            env=subprocess_env,
        )
        if reader.returncode == 0:
            counts.append(int(reader.stdout.splitlines()[1]))
        else:
            failures.append(reader.stderr)
    assert run.returncode == 0, run.stderr.read()[-2000:]
    assert failures == []
    assert len(counts) >= 3 and set(counts) <= {5, 405}
    reader = subprocess.run(
        [VNEWS, "sql", "select count(*) from documents", "--data-dir", str(data_dir), "--format", "csv"],
        capture_output=True,
        text=True,
        env=subprocess_env,
    )
    assert reader.stdout.splitlines()[1] == "405"


def test_analyst_views_answer_on_the_sample(sample_warehouse):
    for view in VIEWS:
        assert query(sample_warehouse, f"select count(*) from {view}")[0][0] > 0, view
    repeated = query(sample_warehouse, "select n_documents, len(doc_ids) from v_duplicate_sentences")
    assert repeated == [(2, 2), (2, 2)]
    [(mentions,)] = query(
        sample_warehouse,
        """
        select count(*) = (select count(*) from entity_mentions m join document_sentences using (sentence_id))
        from v_entity_mentions_by_document""",
    )
    assert mentions
    offsets = query(
        sample_warehouse,
        """
        select v.surface, substr(d.text, v.doc_char_start + 1, v.doc_char_end - v.doc_char_start)
        from v_entity_mentions_by_document v join documents d using (doc_id)""",
    )
    assert all(surface == span for surface, span in offsets)
    assert query(sample_warehouse, "select count(*) from v_entity_timeline where date_iso is null") == [(0,)]
    assert query(
        sample_warehouse,
        "select count(*) from v_entity_cooccurrence where n_sentences_together > n_documents_together * 100",
    ) == [(0,)]
    assert query(sample_warehouse, "select status, n_critical_failures from v_run_history") == [("completed", 0)]


@pytest.mark.parametrize("file_format", ["parquet", "csv"])
def test_export_writes_every_table_and_view_with_a_manifest(sample_warehouse, tmp_path, file_format):
    from click.testing import CliRunner

    from vnews.cli import main

    out = tmp_path / "export"
    result = CliRunner().invoke(
        main, ["export", "--out", str(out), "--format", file_format, "--data-dir", str(sample_warehouse)]
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    names = {r["name"]: r for r in manifest["relations"]}
    assert set(VIEWS) | {"documents", "sentences", "entities", "entity_mentions", "runs"} <= set(names)
    for relation in manifest["relations"]:
        path = out / relation["file"]
        frame = pl.read_parquet(path) if file_format == "parquet" else pl.read_csv(path, infer_schema=False)
        assert frame.height == relation["rows"]
        assert frame.columns == [c["name"] for c in relation["columns"]]
        if file_format == "parquet":
            assert pq.read_table(path).num_rows == relation["rows"]
    assert names["documents"]["rows"] == 5 and names["v_duplicate_sentences"]["kind"] == "view"
    documents = spec("documents")  # a table's entry says what its spec says
    assert (names["documents"]["role"], names["documents"]["grain"]) == (documents.role, documents.grain)
    assert [c.get("description") for c in names["documents"]["columns"]] == [c.description for c in documents.columns]
    assert not [name for name in names if name.startswith("_")]  # internal tables are not for BI tools
    lines = result.output.splitlines()
    assert lines[-1] == str(out.resolve() / "manifest.json") and len(lines) == len(names) + 1
    assert any(
        re.fullmatch(rf"documents +5 rows  {re.escape(str(out.resolve() / f'documents.{file_format}'))}", line)
        for line in lines
    )


def test_csv_timestamps_keep_their_offset_in_vietnams_time(days_run, tmp_path):
    from click.testing import CliRunner

    from vnews.cli import main

    out = tmp_path / "export"
    assert (
        CliRunner()
        .invoke(main, ["export", "--out", str(out), "--format", "csv", "--data-dir", str(days_run)])
        .exit_code
        == 0
    )
    stories = pl.read_csv(out / "v_stories.csv", infer_schema=False).filter(pl.col("first_published_at").is_not_null())
    assert stories.height and all(
        at.endswith("+07") and at[:10] == day
        for at, day in stories.select("first_published_at", "first_day").iter_rows()
    )
    query = "select min(first_published_at) as at from v_stories"
    result = CliRunner().invoke(main, ["sql", query, "--format", "csv", "--data-dir", str(days_run)])
    assert result.output == "at\n2026-11-25 00:00:00+07:00\n"


def test_sqlalchemy_with_duckdb_engine_reads_the_views(sample_warehouse):
    engine = sqlalchemy.create_engine(
        f"duckdb:///{DataPaths(sample_warehouse).warehouse}", connect_args={"read_only": True}
    )
    with engine.connect() as connection:
        views = sqlalchemy.inspect(connection).get_view_names()
        assert set(VIEWS) <= set(views)
        rows = connection.execute(sqlalchemy.text("select text, n_documents from v_duplicate_sentences")).fetchall()
    engine.dispose()
    assert len(rows) == 2


def _quiet_night(data_dir: Path) -> None:
    """`vnews run` on the unchanged sample, as its own process: it records a run without Prefect."""
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    night = subprocess.run(
        [VNEWS, "run", "--data-dir", str(data_dir)], env=env, check=True, capture_output=True, text=True
    )
    assert "  validation nothing new to validate" in night.stdout.splitlines()


def _runs(connectable) -> int:
    with connectable.connect() as connection:
        return connection.execute(sqlalchemy.text("select count(*) from runs")).scalar()


def test_bi_recipes_see_each_nights_data_and_a_pooled_engine_does_not(sample_warehouse, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_warehouse, data_dir)
    url, read_only = f"duckdb:///{data_dir / 'warehouse.duckdb'}", {"read_only": True}
    pooled = sqlalchemy.create_engine(url, connect_args=read_only)
    fresh = sqlalchemy.create_engine(url, connect_args=read_only, poolclass=sqlalchemy.pool.NullPool)

    def per_query() -> int:  # the plain DuckDB recipe: a new in-memory DuckDB that attaches the file, per query
        with duckdb.connect() as con:
            con.execute(f"attach '{data_dir / 'warehouse.duckdb'}' as warehouse (read_only)")
            return con.execute("select count(*) from warehouse.runs").fetchone()[0]

    before = _runs(pooled)  # its connection stays open in the pool, on the file of that night
    assert _runs(fresh) == per_query() == before
    _quiet_night(data_dir)  # published by a swap: the pooled connection holds the old file
    assert _runs(pooled) == before
    assert per_query() == before + 1  # even beside the stale connection, in the same process
    pooled.dispose()
    assert _runs(fresh) == before + 1
    _quiet_night(data_dir)
    assert _runs(fresh) == per_query() == before + 2


def test_duckdb_cli_of_the_same_version_opens_the_file(sample_warehouse):
    cli = Path(sys.executable).with_name("duckdb")
    version = subprocess.run([cli, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith(f"v{duckdb.__version__}")
    out = subprocess.run(
        [
            cli,
            "-readonly",
            "-csv",
            str(DataPaths(sample_warehouse).warehouse),
            "-c",
            "select count(*) as n from documents",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["n", "5"]


def test_the_file_opens_in_duckdb_2_in_a_separate_environment(sample_warehouse):
    """BI tools embed other DuckDB versions: the warehouse must open in DuckDB 1.4 (ours) and 2.0.

    DuckDB 2.0 lives in its own environment, made by `make duckdb2-env` (CI makes it before the tests).
    """
    python = DUCKDB2_ENV / "bin" / "python"
    if not python.exists():
        pytest.skip(f"no DuckDB 2.0 environment at {DUCKDB2_ENV}: run `make duckdb2-env` first")
    script = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, con.sql('select count(*) from v_duplicate_sentences').fetchall()[0][0])"
    )
    out = subprocess.run(
        [python, "-c", script, str(DataPaths(sample_warehouse).warehouse)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["2.0.0", "2"]


def test_only_the_two_backends_ask_which_backend_they_have():
    """Code outside warehouse/backends.py (which chooses), warehouse/ducklake.py (the catalog) and vnews/paths.py
    (which parses --warehouse) never reads `DataPaths.ducklake`: it asks `Warehouse.of(paths)` instead."""
    import ast

    root = Path(__file__).parents[1]
    allowed = {"warehouse/backends.py", "warehouse/ducklake.py", "vnews/paths.py"}
    asking = [
        f"{path.relative_to(root)}:{node.lineno}"
        for package in ("vnews", "flows", "warehouse", "expectations", "transforms")
        for path in sorted((root / package).glob("*.py"))
        if str(path.relative_to(root)) not in allowed
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in ("ducklake", "catalog_holds_lock")
    ]
    assert asking == []
    backends = root / "warehouse" / "backends.py"
    assert backends.read_text(encoding="utf-8").count("paths.ducklake") == 1  # chosen once, in Warehouse.of
