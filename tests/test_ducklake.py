"""The warehouse on DuckLake: the same content as the DuckDB file, a snapshot per run, readers of any snapshot, a
single writer enforced through the catalog, and a kill -9 during a load that commits nothing — against SQLite and
a real PostgreSQL server."""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.nightly_ingest import nightly_ingest
from tests.news_events import generate, write_corpus
from tests.postgres import create_database
from tests.warehouse_queries import comments, content_rows, snapshot, spec_descriptions
from vnews.cli import main
from vnews.paths import DataPaths
from warehouse import ducklake
from warehouse.backends import RunLocked, Warehouse
from warehouse.runs import run_lock
from warehouse.schema import apply_migrations

VNEWS = str(Path(sys.executable).with_name("vnews"))
VOLATILE = ("run_id", "ingested_at")


def _content(paths: DataPaths) -> dict[str, list[tuple]]:
    with Warehouse.of(paths).connect() as con:
        return content_rows(con, VOLATILE)


def _snapshots(paths: DataPaths) -> list[tuple]:
    with Warehouse.of(paths).connect() as con:
        return con.execute(
            "select snapshot_id, commit_message from ducklake_snapshots(?) order by 1", [ducklake.CATALOG]
        ).fetchall()


def _sql(paths: DataPaths, query: str, *options: str) -> str:
    result = CliRunner().invoke(
        main,
        [
            "sql",
            query,
            "--format",
            "csv",
            "--data-dir",
            str(paths.root),
            "--warehouse",
            paths.warehouse_option,
            *options,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.slow
def test_the_sample_on_ducklake_equals_the_file_warehouse_and_each_run_is_a_snapshot(sample_run, tmp_path):
    paths = DataPaths.of(tmp_path / "data", f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}")
    first = nightly_ingest(data_dir=str(paths.root), warehouse=paths.warehouse_option)
    assert _content(paths) == snapshot(sample_run, VOLATILE)
    assert (paths.default_ducklake_data / "main" / "sentences").is_dir()  # Parquet data files, no DuckDB file
    assert not paths.warehouse.exists()

    second = nightly_ingest(data_dir=str(paths.root), warehouse=paths.warehouse_option)  # nothing new
    runs = [message for _, message in _snapshots(paths)]
    assert runs[-2:] == [first.run_id, second.run_id]  # one snapshot per run, named by it
    assert _sql(paths, "select count(*) as n from runs") == "n\n2\n"
    assert _sql(paths, "select count(*) as n from runs", "--as-of", first.run_id) == "n\n1\n"  # time travel
    result = CliRunner().invoke(main, ["sql", "select 1", "--data-dir", str(sample_run), "--as-of", first.run_id])
    assert result.exit_code == 1 and "--as-of reads an earlier snapshot of a DuckLake warehouse" in result.output


@pytest.mark.slow
def test_a_postgres_catalog_serves_readers_bi_snapshots_and_one_writer(sample_run, postgres, tmp_path):
    paths = DataPaths.of(tmp_path / "data", "ducklake:postgres:" + create_database(postgres, "sample"))
    assert not ducklake.exists(paths)  # an empty database, asked through psycopg
    nightly_ingest(data_dir=str(paths.root), warehouse=paths.warehouse_option)
    assert ducklake.exists(paths)
    assert _content(paths) == snapshot(sample_run, VOLATILE)
    data_files = [str(f) for f in paths.default_ducklake_data.rglob("*.parquet") if not f.stem.endswith("-delete")]
    assert {
        codec for (codec,) in duckdb.sql(f"select distinct compression from parquet_metadata({data_files})").fetchall()
    } == {"LZ4_RAW"}  # ducklake.DATA_FILE_OPTIONS
    assert _sql(paths, "select count(*) as n from search_articles('Triều Tiên')") != "n\n0\n"  # macros per session
    refused = CliRunner().invoke(
        main,
        [
            "sql",
            f"copy sentences to '{paths.default_ducklake_data}/x.csv'",
            "--data-dir",
            str(paths.root),
            "--warehouse",
            paths.warehouse_option,
        ],
    )
    assert refused.exit_code == 1 and "COPY refused" in refused.output  # not even into the data files
    refused = CliRunner().invoke(
        main,
        [
            "sql",
            "select * from postgres_execute('__ducklake_metadata_warehouse', 'drop table ducklake_snapshot')",
            "--data-dir",
            str(paths.root),
            "--warehouse",
            paths.warehouse_option,
        ],
    )
    assert refused.exit_code == 1 and "postgres_execute() (it runs other SQL" in refused.output  # not on the catalog

    manifests = [
        json.loads(
            Path(
                CliRunner().invoke(main, ["export", "--out", str(tmp_path / name), *args]).output.splitlines()[-1]
            ).read_text()
        )["relations"]  # the manifest, last
        for name, args in (
            ("file", ["--data-dir", str(sample_run)]),
            ("lake", ["--data-dir", str(paths.root), "--warehouse", paths.warehouse_option]),
        )
    ]
    assert [(r["name"], r["rows"]) for r in manifests[0]] == [(r["name"], r["rows"]) for r in manifests[1]]

    out = tmp_path / "bi" / "vnews.duckdb"
    written = CliRunner().invoke(
        main, ["snapshot", "--out", str(out), "--data-dir", str(paths.root), "--warehouse", paths.warehouse_option]
    )
    assert written.exit_code == 0, written.output
    with duckdb.connect(str(out), read_only=True) as bi:  # DuckDB 1.4, as BI drivers embed it
        assert content_rows(bi, VOLATILE) == snapshot(sample_run, VOLATILE)
        assert bi.execute("select count(*) from v_entity_timeline").fetchone()[0] > 0  # views and macros came along

    with ducklake.writer_lock(paths), Warehouse.of(paths).candidate() as writing:  # another machine's run, mid-load
        writing.execute("insert into documents (doc_id, text) values ('d-uncommitted', 'Một bài chưa xong.')")
        second = CliRunner().invoke(
            main, ["run", "--data-dir", str(tmp_path / "elsewhere"), "--warehouse", paths.warehouse_option]
        )
        assert second.exit_code == 1 and "another vnews run (maybe on another machine)" in second.output
        assert _sql(paths, "select count(*) as n from documents") == "n\n5\n"  # readers see the last snapshot


def test_a_sqlite_file_is_a_warehouse_once_a_run_committed_one(tmp_path):
    paths = DataPaths.of(tmp_path / "data", f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}")
    assert not ducklake.exists(paths)  # no file
    sqlite3.connect(tmp_path / "catalog.sqlite").close()
    assert not ducklake.exists(paths)  # a database with no catalog in it
    with ducklake.connect(paths) as con:  # a catalog with no tables yet
        con.execute("select 1")
    assert not ducklake.exists(paths)


def test_a_catalog_holds_the_comments_and_the_internal_schema(tmp_path):
    """DuckLake stores COMMENTs in its catalog: BI tools reading it show the specs' descriptions, as on the file."""
    paths = DataPaths.of(tmp_path / "data", f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}")
    with ducklake.connect(paths) as con:
        apply_migrations(con)
    with ducklake.connect(paths, read_only=True) as con:
        assert comments(con) == spec_descriptions()
        assert con.execute("select count(*) from internal._search_terms").fetchone() == (0,)


def test_the_extensions_come_checked_from_their_wheels_and_nothing_unsigned_loads_after(tmp_path):
    tampered = tmp_path / "tampered.duckdb_extension"
    tampered.write_bytes(Path(ducklake._extension_file("sqlite")).read_bytes())
    with tampered.open("r+b") as file:  # one byte changed in the middle of the binary
        file.seek(tampered.stat().st_size // 2)
        byte = file.read(1)
        file.seek(-1, 1)
        file.write(bytes([byte[0] ^ 0xFF]))
    with ducklake.connect(DataPaths.of(tmp_path / "data", f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}")) as con:
        assert con.execute("select current_setting('allow_unsigned_extensions')").fetchone()[0] is False
        with pytest.raises(duckdb.Error, match="signature is either missing or invalid"):
            con.execute(f"load '{tampered}'")


def test_two_data_directories_writing_one_sqlite_catalog_share_its_lock(tmp_path):
    catalog = f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}"
    with run_lock(DataPaths.of(tmp_path / "one", catalog)):
        with pytest.raises(RunLocked, match="another vnews run is writing to ducklake:sqlite:"):
            with run_lock(DataPaths.of(tmp_path / "two", catalog)):
                pass
    with run_lock(DataPaths.of(tmp_path / "two", catalog)):  # free once the first is done
        pass


@pytest.mark.slow
def test_a_killed_runs_staged_batches_are_removed_under_the_catalogs_lock(tmp_path):
    catalog = f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}"
    paths = DataPaths.of(tmp_path / "data", catalog)
    nightly_ingest(data_dir=str(paths.root), warehouse=catalog)
    (paths.staging / "killed" / "00000").mkdir(parents=True)
    args = ["check", "--data-dir", str(paths.root), "--warehouse", catalog]
    with run_lock(DataPaths.of(tmp_path / "other", catalog)):  # another data directory's run holds the catalog
        assert "note:" not in CliRunner().invoke(main, args).output  # what a run in progress writes is its own
        with pytest.raises(RunLocked):
            nightly_ingest(data_dir=str(paths.root), warehouse=catalog)
        assert (paths.staging / "killed").is_dir()
    checked = CliRunner().invoke(main, args)
    assert checked.exit_code == 0, checked.output
    assert f"note: {paths.staging / 'killed'}: batches of a killed run: the next run removes them" in checked.output
    nightly_ingest(data_dir=str(paths.root), warehouse=catalog)  # a quiet night, under the catalog's lock
    assert list(paths.staging.iterdir()) == []


@pytest.mark.slow
def test_a_file_warehouse_moves_onto_ducklake_by_rebuilding_its_lake_into_a_new_catalog(sample_run, tmp_path):
    shutil.copytree(sample_run, tmp_path / "data")
    paths = DataPaths.of(tmp_path / "data", f"ducklake:sqlite:{tmp_path / 'catalog.sqlite'}")
    args = ["--data-dir", str(paths.root), "--warehouse", paths.warehouse_option]
    rebuilt = CliRunner().invoke(main, ["rebuild", *args])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert _content(paths) == snapshot(sample_run, VOLATILE)
    assert CliRunner().invoke(main, ["check", *args]).exit_code == 0
    again = CliRunner().invoke(main, ["rebuild", *args])  # a catalog keeps its history: never overwritten
    assert again.exit_code == 1 and "rebuild into a new catalog instead" in again.output


@pytest.mark.slow
def test_a_thousand_articles_give_the_same_tables_on_postgres_and_a_kill_9_commits_nothing(
    postgres, tmp_path, subprocess_env
):
    folder, first_night = tmp_path / "input", tmp_path / "first-night"
    write_corpus(generate(470, seed=5), folder)  # 1,001 articles of 470 events over a month
    write_corpus(generate(5, seed=6), first_night)
    file_paths = DataPaths.of(tmp_path / "file")
    for night in (first_night, folder):
        nightly_ingest(input_dir=str(night), data_dir=str(file_paths.root), files_per_batch=200)
    lake = DataPaths.of(tmp_path / "lake", "ducklake:postgres:" + create_database(postgres, "killed"))
    common = ["--data-dir", str(lake.root), "--warehouse", lake.warehouse_option, "--files-per-batch", "200"]
    subprocess.run(
        [VNEWS, "run", "--input", str(first_night), *common], env=subprocess_env, check=True, capture_output=True
    )
    common = ["--input", str(folder), *common]
    before = (_snapshots(lake), _content(lake))

    run = subprocess.Popen(
        [VNEWS, "run", *common],
        env={**subprocess_env, "VNEWS_LOG_LEVEL": "INFO"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # with Prefect's task lines
    for line in run.stdout:
        if "load_tables: batch 2" in line:  # two batches already in the run's transaction
            run.send_signal(signal.SIGKILL)
            break
    run.communicate(timeout=300)
    assert run.returncode == -signal.SIGKILL
    assert (_snapshots(lake), _content(lake)) == before  # the last snapshot is as it was
    checked = subprocess.run([VNEWS, "check", *common[2:6]], env=subprocess_env, capture_output=True, text=True)
    assert "DuckLake data files no snapshot names, written by a killed run" in checked.stdout

    done = subprocess.run([VNEWS, "run", *common], env=subprocess_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # the lock died with the process; the re-run completes
    assert _content(lake) == snapshot(file_paths.root, VOLATILE)
    with Warehouse.of(lake).connect() as con:
        assert ducklake.uncommitted_files(con) == 0  # the re-run deleted the killed run's data files
