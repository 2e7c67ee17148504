"""A run that starts on any machine and costs nothing when nothing changed (real server, real files)."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.nightly_ingest import nightly_ingest
from flows.tagging import AUTO_PROCESS_MIN_BYTES, choose_task_runner
from tests.inputs import write_articles
from tests.processes import left_in_session, session_processes
from tests.warehouse_queries import query, snapshot
from vnews.defaults import bundled_sample
from vnews.paths import DataPaths

VNEWS = str(Path(sys.executable).with_name("vnews"))


def _without_prefect_api(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A user's environment on a new machine: no Prefect server configured, an empty PREFECT_HOME."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return {**env, "PREFECT_HOME": str(tmp_path / "prefect-home"), **extra}


def test_a_quiet_night_is_recorded_in_place_without_suites_or_report(sample_run, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    paths = DataPaths(data_dir)
    before = snapshot(data_dir)
    inode, report_mtime = paths.warehouse.stat().st_ino, paths.docs_index.stat().st_mtime_ns

    summary = nightly_ingest(data_dir=str(data_dir))

    assert (summary.files_unchanged, summary.rows_loaded) == (5, 0)
    assert paths.warehouse.stat().st_ino == inode, "a quiet night must not copy and swap the warehouse"
    assert paths.docs_index.stat().st_mtime_ns == report_mtime
    assert snapshot(data_dir) == before
    assert query(
        data_dir, "select status, files_seen, files_new, rows_loaded from runs where run_id = ?", [summary.run_id]
    ) == [("completed", 5, 0, 0)]
    assert query(
        data_dir, "select status, count(*) from source_files where run_id = ? group by 1", [summary.run_id]
    ) == [("unchanged", 5)]
    assert query(data_dir, "select count(*) from validation_results where run_id = ?", [summary.run_id]) == [(0,)]
    assert [p.name for p in (paths.lake / "runs").glob(f"*{summary.run_id}*")] == [f"run-{summary.run_id}.parquet"]
    assert not paths.staging.exists() or not list(paths.staging.iterdir())


def test_a_quiet_night_does_not_import_great_expectations(sample_run, tmp_path, subprocess_env):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    script = (
        "import sys; from flows.nightly_ingest import nightly_ingest; nightly_ingest(data_dir=sys.argv[1]); "
        "print('great_expectations' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)], env=subprocess_env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "False"


def test_a_quiet_night_leaves_a_reader_alone_and_swaps_a_copy_in(sample_run, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    warehouse = DataPaths(data_dir).warehouse
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); "
            "print(con.sql('select count(*) from documents').fetchone()[0], flush=True); time.sleep(120)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "5"
        inode = warehouse.stat().st_ino
        summary = nightly_ingest(data_dir=str(data_dir))
        assert reader.poll() is None, "the reader must not be disturbed"
    finally:
        reader.kill()
        reader.wait()
    assert warehouse.stat().st_ino != inode  # written to a copy, swapped in under the reader
    assert query(data_dir, "select count(*) from runs where run_id = ?", [summary.run_id]) == [(1,)]


def test_without_a_prefect_server_a_quiet_night_starts_none(sample_run, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    env = _without_prefect_api(tmp_path)
    done = subprocess.run(
        [VNEWS, "run", "--data-dir", str(data_dir)], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "Nothing new to read: the night is recorded without starting Prefect."
    run_id = lines[1].split()[2]
    assert query(data_dir, "select status, files_seen from runs where run_id = ?", [run_id]) == [("completed", 5)]
    assert query(data_dir, "select count(*) from source_files where run_id = ? and status = 'unchanged'", [run_id]) == [
        (5,)
    ]
    assert not (tmp_path / "prefect-home" / "prefect.db").exists(), "no Prefect server was to be started"


def test_the_tagging_runner_follows_the_amount_of_new_text():
    assert choose_task_runner("auto", 0) == "thread"
    assert choose_task_runner("auto", AUTO_PROCESS_MIN_BYTES - 1) == "thread"
    assert choose_task_runner("auto", AUTO_PROCESS_MIN_BYTES) == ("process" if (os.cpu_count() or 1) > 1 else "thread")
    assert choose_task_runner("thread", 10 * AUTO_PROCESS_MIN_BYTES) == "thread"
    assert choose_task_runner("dask", 0) == "dask"


def test_a_temporary_server_that_does_not_start_in_time_is_one_clear_line(tmp_path):
    done = subprocess.run(
        [VNEWS, "run", "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=_without_prefect_api(tmp_path, VNEWS_PREFECT_STARTUP_TIMEOUT="0.5"),
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[1:] == [  # after the line on what the run would read
        "Error: Prefect's temporary API server did not answer within 0.5 s (its first start creates its database, "
        "slower on a busy machine); raise VNEWS_PREFECT_STARTUP_TIMEOUT, or run `prefect server start` and set "
        "PREFECT_API_URL"
    ]
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()


@pytest.mark.slow
def test_a_first_run_on_a_new_machine_with_busy_cores_completes(tmp_path):
    """A fresh PREFECT_HOME (the server creates its database while starting) while 3 processes keep 2 cores busy."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    try:
        start = time.monotonic()
        done = subprocess.run(
            [VNEWS, "run", "--data-dir", str(tmp_path / "data")],
            capture_output=True,
            text=True,
            env=_without_prefect_api(tmp_path),
            timeout=900,
        )
        seconds = time.monotonic() - start
    finally:
        for process in busy:
            process.kill()
            process.wait()
    assert done.returncode == 0, done.stderr[-3000:]
    assert "  documents  5 new" in done.stdout.splitlines(), (seconds, done.stdout)
    assert query(tmp_path / "data", "select count(*) from documents") == [(5,)]


@pytest.mark.slow
def test_a_run_on_worker_processes_starts_one_temporary_server_and_leaves_no_process(tmp_path):
    """No Prefect server configured: the run starts one, its workers and Prefect's own threads report to it (none
    starts a server of its own), and the server, the workers and their helpers all end with the run."""
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("w") as stdout, err.open("w") as stderr:
        run = subprocess.Popen(
            [VNEWS, "run", "--data-dir", str(tmp_path / "data"), "--task-runner", "process"],
            env=_without_prefect_api(tmp_path),
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        servers, deadline = set(), time.monotonic() + 900
        while run.poll() is None and time.monotonic() < deadline:
            servers |= {line.split()[0] for line in session_processes(run.pid) if " uvicorn " in line}
            time.sleep(0.2)
    assert run.wait(timeout=10) == 0, err.read_text()[-3000:]
    assert "  documents  5 new" in out.read_text().splitlines()
    assert len(servers) == 1, servers
    assert "Starting temporary server" not in err.read_text()  # Prefect's own, when a process has no API URL
    assert "Traceback" not in err.read_text()
    assert left_in_session(run.pid) == []


@pytest.mark.slow
def test_auto_tags_enough_text_on_worker_processes_with_the_same_warehouse(tmp_path):
    folder = tmp_path / "input"
    shutil.copytree(bundled_sample(), folder)
    write_articles(folder, 200)
    assert sum(p.stat().st_size for p in folder.iterdir()) >= AUTO_PROCESS_MIN_BYTES
    nightly_ingest(input_dir=str(folder), data_dir=str(tmp_path / "auto"))
    nightly_ingest(input_dir=str(folder), data_dir=str(tmp_path / "thread"), task_runner="thread")
    volatile = ("run_id", "ingested_at")
    assert snapshot(tmp_path / "auto", drop=volatile) == snapshot(tmp_path / "thread", drop=volatile)
