"""Read-only stays read-only (issue 34): each attack a reader tried through `vnews sql`, on a real copy of the sample
warehouse (a DuckDB file, and a DuckLake on SQLite), refused in one line with nothing changed."""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.warehouse_queries import snapshot
from vnews.cli import main
from vnews.paths import DataPaths

VNEWS = str(Path(sys.executable).with_name("vnews"))
REFUSED = "`vnews sql` reads only the warehouse, with queries"
PASSWD_FIRST_LINE = Path("/etc/passwd").read_text().splitlines()[0]


def vnews(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def files_under(folder: Path) -> dict[str, int]:
    """Every file under `folder`, with its size."""
    return {str(f.relative_to(folder)): f.stat().st_size for f in folder.rglob("*") if f.is_file()}


@pytest.fixture
def data_dir(sample_run, tmp_path) -> Path:
    """A copy of the sample warehouse's data directory, for attacks that would change it."""
    copy = tmp_path / "data"
    shutil.copytree(sample_run, copy)
    return copy


@pytest.fixture(scope="module")
def lake(tmp_path_factory, prefect_server) -> DataPaths:
    """The sample on DuckLake, with a SQLite catalog (every test leaves it as it was)."""
    from flows.nightly_ingest import nightly_ingest

    root = tmp_path_factory.mktemp("lake")
    paths = DataPaths.of(root / "data", f"ducklake:sqlite:{root / 'catalog.sqlite'}")
    nightly_ingest(data_dir=str(paths.root), warehouse=paths.warehouse_option)
    return paths


def lake_sql(paths: DataPaths, query: str, *options: str):
    return vnews(
        "sql", query, "--format", "csv", "--data-dir", str(paths.root), "--warehouse", paths.warehouse_option, *options
    )


def catalog_rows(paths: DataPaths) -> dict[str, int]:
    """Rows per table of the SQLite catalog, read through SQLite itself."""
    with sqlite3.connect(paths.ducklake.split(":", 1)[1]) as db:
        tables = [t for (t,) in db.execute("select name from sqlite_master where type = 'table'")]
        return {t: db.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def test_attaching_the_warehouse_read_write_under_another_path_is_refused(data_dir):
    before, files = snapshot(data_dir), files_under(data_dir)
    attack = (
        f"ATTACH '{data_dir}/lake/../warehouse.duckdb' AS w (READ_WRITE); DELETE FROM w.documents; "
        "DROP VIEW w.v_stories"
    )
    result = vnews("sql", attack, "--data-dir", str(data_dir))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {REFUSED} (SELECT, WITH, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN): ATTACH refused, nothing was run\n",
    )
    assert snapshot(data_dir) == before and files_under(data_dir) == files
    assert vnews("sql", "select count(*) as n from v_stories", "--data-dir", str(data_dir)).exit_code == 0


def test_a_ducklake_reader_can_neither_detach_the_catalog_nor_attach_files(lake):
    catalog, files = catalog_rows(lake), files_under(lake.root)
    data_path = lake.default_ducklake_data
    for attack, refused in [
        (
            f"USE memory; DETACH warehouse; ATTACH '{lake.ducklake.split(':', 1)[1]}' AS c (TYPE sqlite); "
            "DELETE FROM c.ducklake_table",
            "SET refused",
        ),  # USE parses as a SET
        (f"ATTACH '{data_path}/evil.duckdb' AS e; CREATE TABLE e.t AS SELECT 1", "ATTACH refused"),
    ]:
        result = lake_sql(lake, attack)
        assert result.exit_code == 1 and result.output.startswith(f"Error: {REFUSED}") and refused in result.output
        assert len(result.output.splitlines()) == 1
    assert catalog_rows(lake) == catalog and files_under(lake.root) == files
    assert lake_sql(lake, "select count(*) as n from documents").output == "n\n5\n"  # still a warehouse


def test_a_ducklake_reader_never_reaches_the_catalogs_own_tables_or_deletes_files(lake):
    orphan = next(lake.default_ducklake_data.rglob("*.parquet")).with_name("ducklake-orphan.parquet")
    orphan.write_bytes(b"a file a writer has not committed yet")
    try:
        catalog, files = catalog_rows(lake), files_under(lake.root)
        for attack, refused in [
            ("select * from __ducklake_metadata_warehouse.ducklake_table", "__ducklake_metadata_warehouse"),
            ("select * from query_table('__ducklake_metadata_warehouse.ducklake_table')", "query_table()"),
            (f"select * from sqlite_scan('{lake.ducklake.split(':', 1)[1]}', 'ducklake_table')", "sqlite_scan()"),
            (f"select * from read_blob('{lake.ducklake.split(':', 1)[1]}')", "read_blob()"),  # the catalog's bytes
            (
                "select * from ducklake_delete_orphaned_files('warehouse', older_than => now(), dry_run => false)",
                "ducklake_delete_orphaned_files()",
            ),
            (
                "explain analyze select * from ducklake_expire_snapshots('warehouse', older_than => now())",
                "ducklake_expire_snapshots()",
            ),
        ]:
            result = lake_sql(lake, attack)
            assert result.exit_code == 1 and result.output.startswith(f"Error: {REFUSED}")
            assert f"{refused} " in result.output and len(result.output.splitlines()) == 1
        assert catalog_rows(lake) == catalog and files_under(lake.root) == files
        assert (
            lake_sql(lake, "select count(*) > 0 as seen from ducklake_snapshots('warehouse')").output == "seen\nTrue\n"
        )  # DuckLake's functions that only read still work
    finally:
        orphan.unlink()


def test_links_planted_in_duckdbs_temp_folders_reach_no_file(data_dir, lake, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # ./.tmp/ is DuckDB's temp folder for an in-memory database (the DuckLake host)
    for folder in (data_dir / "warehouse.duckdb.tmp", tmp_path / ".tmp"):
        folder.mkdir()
        (folder / "passwd.csv").symlink_to("/etc/passwd")
    files = files_under(tmp_path)
    for sql in (
        lambda query: vnews("sql", query, "--format", "csv", "--data-dir", str(data_dir)),
        lambda query: lake_sql(lake, query),
    ):
        assert sql("select current_setting('temp_directory') as t").output == 't\n""\n'  # no temp folder at all
        for link in (data_dir / "warehouse.duckdb.tmp" / "passwd.csv", tmp_path / ".tmp" / "passwd.csv"):
            for read in (f"from '{link}'", f"select * from read_text('{link}')"):  # DuckDB's check, then vnews's
                result = sql(read)
                assert (result.exit_code, len(result.output.splitlines())) == (1, 1), result.output
                assert result.output.startswith("Error: `vnews sql` reads only the warehouse")
                assert PASSWD_FIRST_LINE not in result.output
    written = vnews(
        "sql",
        f"ATTACH '{data_dir}/warehouse.duckdb.tmp/new.duckdb' AS n (READ_WRITE); CREATE TABLE n.t AS SELECT 1",
        "--data-dir",
        str(data_dir),
    )
    assert written.exit_code == 1 and "ATTACH refused" in written.output
    assert files_under(tmp_path) == files


def test_create_secret_neither_writes_under_home_nor_fetches_an_extension(data_dir, tmp_path, subprocess_env):
    home = tmp_path / "home"
    home.mkdir()
    env = {**subprocess_env, "HOME": str(home)}
    for attack, refused in [
        ("CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')", "CREATE refused"),
        ("CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')", "CREATE refused"),
        ("INSTALL httpfs", "LOAD refused"),
        ("LOAD httpfs", "LOAD refused"),
    ]:
        result = subprocess.run(
            [VNEWS, "sql", attack, "--data-dir", str(data_dir)], env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 1 and result.stderr.startswith(f"Error: {REFUSED}") and refused in result.stderr
    fetch = subprocess.run(
        [VNEWS, "sql", "from 's3://bucket/a.parquet'", "--data-dir", str(data_dir), "--allow-files"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (fetch.returncode, fetch.stderr) == (
        1,
        "Error: File s3://bucket/a.parquet requires the extension httpfs to be loaded\n",
    )  # not fetched, not even with --allow-files
    assert list(home.iterdir()) == []


def test_a_runaway_query_is_stopped_at_the_timeout(data_dir):
    started = time.monotonic()
    result = vnews(
        "sql",
        "select count(*) from range(1e12::bigint) a, range(1e12::bigint) b",
        "--data-dir",
        str(data_dir),
        env={"VNEWS_TIMEOUT": "1"},
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: the query ran longer than 1 s and was stopped (--timeout)\n",
    )
    assert time.monotonic() - started < 30


def test_a_query_that_needs_more_memory_fails_in_one_line(data_dir):
    result = vnews(
        "sql",
        "select count(*) from (select * from range(20000000) order by random())",
        "--data-dir",
        str(data_dir),
        "--memory-limit",
        "64MB",
    )
    assert result.exit_code == 1 and result.output.startswith("Error: Out of Memory Error: ")
    assert result.output.endswith(": the query needs more than --memory-limit 64MB\n")
    assert list(data_dir.glob("*.tmp")) == []  # nothing spilled


@pytest.mark.parametrize("query", ["", ";", "  \n ", "/* nothing */"])
def test_an_empty_query_is_a_usage_error(data_dir, query):
    result = vnews("sql", query, "--data-dir", str(data_dir))
    assert result.exit_code == 2 and result.output.endswith("Error: QUERY has no statement to run\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "query",
    [
        "show tables",
        "describe documents",
        "summarize runs",
        "pragma table_info('documents')",
        "explain select * from documents",
        "explain analyze select count(*) from sentences",
        "with d as (from documents) select count(*) from d; select 1",
        "pivot runs on status in ('completed')",
    ],
)
def test_queries_of_every_kind_still_run(sample_run, query):
    result = vnews("sql", query, "--data-dir", str(sample_run))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "statement",
    [
        "SET threads = 1",
        "RESET memory_limit",
        "USE memory",
        "DETACH warehouse",
        "CALL pragma_version()",
        "PRAGMA enable_profiling",
        "CREATE TEMP TABLE t AS SELECT 1",
        "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1",
        "BEGIN",
        "PREPARE p AS SELECT 1",
        "CHECKPOINT",
        "ATTACH ':memory:' AS m",
        "select 1; LOAD json",
    ],
)
@pytest.mark.parametrize("allow_files", [False, True])
def test_only_queries_run_even_with_allow_files(sample_run, statement, allow_files):
    result = vnews("sql", statement, "--data-dir", str(sample_run), *(["--allow-files"] if allow_files else []))
    assert result.exit_code == 1 and result.output.startswith(f"Error: {REFUSED}"), result.output


def test_allow_files_lets_copy_write_a_file(sample_run, tmp_path):
    result = vnews(
        "sql",
        f"COPY (select count(*) as n from documents) TO '{tmp_path}/n.csv'",
        "--data-dir",
        str(sample_run),
        "--allow-files",
    )
    assert result.exit_code == 0 and (tmp_path / "n.csv").read_text() == "n\n5\n"


@pytest.mark.parametrize("backend", ["file", "ducklake"])
def test_export_and_snapshot_write_only_what_they_are_asked_to(sample_run, lake, tmp_path, backend):
    where = (
        ["--data-dir", str(sample_run)]
        if backend == "file"
        else ["--data-dir", str(lake.root), "--warehouse", lake.warehouse_option]
    )
    result = vnews("export", "--out", str(tmp_path / "out"), "--format", "csv", *where)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "documents.csv").is_file()
    result = vnews("snapshot", "--out", str(tmp_path / "bi.duckdb"), *where)
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path)) == ["bi.duckdb", "out"]
