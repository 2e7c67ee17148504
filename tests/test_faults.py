"""The fault table of docs/faults.md, one test per row, each with a real fault: a full or read-only disk (a small
tmpfs), a damaged warehouse or lake file, input files that vanish or change, SIGTERM during a load."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.inputs import EXTRA_ARTICLE, write_articles
from tests.processes import left_in_session
from tests.warehouse_queries import query, snapshot
from vnews import night
from vnews.cli import main
from vnews.defaults import bundled_sample
from vnews.paths import DataPaths
from warehouse import lake, loader, runs
from warehouse.backends import Warehouse
from warehouse.tables import CONTENT_TABLES

VNEWS = str(Path(sys.executable).with_name("vnews"))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _vnews(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([VNEWS, *args], capture_output=True, text=True, env=env, timeout=600)


def _last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


@contextmanager
def _tmpfs(where: Path, size: str):
    """A small tmpfs mounted at `where` (root only); the test is skipped, saying why, where none can be mounted."""
    where.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, text=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip() or 'not root'}); the fault needs a small disk")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, leave_bytes: int) -> Path:
    """Fill the disk with one file until `leave_bytes` remain free."""
    stats = os.statvfs(disk)
    filler, remaining = disk / "filler", stats.f_bavail * stats.f_frsize - leave_bytes
    with filler.open("wb") as out:
        chunk = b"\0" * (1 << 20)
        while remaining > 0:
            remaining -= out.write(chunk[: min(len(chunk), remaining)])
    return filler


def _published_state(data_dir: Path) -> tuple:
    """What readers see: the warehouse file's bytes and the lake's data files (not its run records, nor the
    batches a failed run keeps in lake/_staging for inspection)."""
    lake = sorted(
        str(p.relative_to(data_dir))
        for p in (data_dir / "lake").glob("*/*.parquet")
        if p.parent.name not in ("runs", "validation_results", "_staging")
    )
    return _sha256(data_dir / "warehouse.duckdb"), lake


@contextmanager
def _sample_on_a_small_disk(tmp_path: Path, size: str, env: dict):
    """(input folder, the disk, the data directory on it, what readers see) after a run of the sample."""
    folder = tmp_path / "input"
    shutil.copytree(bundled_sample(), folder)
    with _tmpfs(tmp_path / "disk", size) as disk:
        data_dir = disk / "data"
        assert _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=env).returncode == 0
        yield folder, disk, data_dir, _published_state(data_dir)


@pytest.mark.slow
@pytest.mark.parametrize("free_bytes", [64 << 10, 5 << 20, 7 << 20], ids=["64KiB", "5MiB", "7MiB"])
def test_a_full_disk_fails_the_run_in_one_line_and_the_next_run_completes(tmp_path, subprocess_env, free_bytes):
    with _sample_on_a_small_disk(tmp_path, "48m", subprocess_env) as (folder, disk, data_dir, before):
        write_articles(folder, 40)
        filler = _fill(disk, free_bytes)

        failed = _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env)
        assert failed.returncode == 1 and _last_line(failed).startswith("Error: run failed:"), failed.stderr[-3000:]
        assert "No space left on device" in _last_line(failed) or "disk" in _last_line(failed).lower()
        assert _published_state(data_dir) == before  # the published warehouse and lake untouched
        assert not DataPaths(data_dir).candidate_warehouse.exists()
        assert not list(data_dir.rglob("*.tmp"))  # no half-written file where it would be read

        filler.unlink()  # space freed: the next run does the whole night
        done = _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env)
        assert done.returncode == 0, done.stderr[-3000:]
        assert query(data_dir, "select count(*) from documents") == [(45,)]


@pytest.mark.slow
def test_a_read_only_data_directory_fails_in_one_line_and_changes_nothing(tmp_path, subprocess_env):
    with _sample_on_a_small_disk(tmp_path, "32m", subprocess_env) as (folder, disk, data_dir, before):
        (folder / "005_extra.txt").write_text(EXTRA_ARTICLE, encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

        failed = _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env)
        assert failed.returncode == 1 and "Read-only file system" in _last_line(failed), failed.stderr[-3000:]
        said = [line.split()[0] for line in failed.stderr.strip().splitlines()]
        assert said == ["vnews", "Error:"], failed.stderr  # what it would read; refused before anything started
        assert _published_state(data_dir) == before
        still_readable = _vnews(
            "sql", "select count(*) from documents", "--data-dir", str(data_dir), env=subprocess_env
        )
        assert still_readable.returncode == 0 and "5" in still_readable.stdout


@pytest.fixture
def damaged_copy(sample_run, tmp_path) -> Path:
    data_dir = tmp_path / "data"
    shutil.copytree(sample_run, data_dir)
    return data_dir


@pytest.mark.parametrize("damage", ["truncated", pytest.param("overwritten header", marks=pytest.mark.slow)])
def test_a_damaged_warehouse_is_reported_in_one_line_and_rebuilt_from_the_lake(
    damaged_copy, sample_run, damage, subprocess_env
):
    warehouse = damaged_copy / "warehouse.duckdb"
    if damage == "truncated":
        os.truncate(warehouse, warehouse.stat().st_size // 3)
    else:
        with warehouse.open("r+b") as f:
            f.write(b"\xff" * 4096)
    runner = CliRunner()
    for command in (["sql", "select count(*) from documents"], ["check"]):
        result = runner.invoke(main, [*command, "--data-dir", str(damaged_copy)])
        assert result.exit_code == 1 and "vnews rebuild" in result.output, result.output
        assert (
            len(result.output.strip().splitlines()) == 1
            and result.exception is None
            or isinstance(result.exception, SystemExit)
        )
    run = _vnews("run", "--input", str(bundled_sample()), "--data-dir", str(damaged_copy), env=subprocess_env)
    assert run.returncode == 1 and "vnews rebuild" in _last_line(run) and "Traceback" not in _last_line(run)

    rebuilt = runner.invoke(main, ["rebuild", "--data-dir", str(damaged_copy)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert snapshot(damaged_copy) == snapshot(sample_run)
    assert runner.invoke(main, ["check", "--data-dir", str(damaged_copy)]).exit_code == 0


def test_a_deleted_or_truncated_lake_file_is_named_by_check(damaged_copy):
    [documents] = (damaged_copy / "lake" / "documents").glob("*.parquet")
    [sentences] = (damaged_copy / "lake" / "sentences").glob("*.parquet")
    documents.unlink()
    os.truncate(sentences, 100)
    result = CliRunner().invoke(main, ["check", "--data-dir", str(damaged_copy)])
    assert result.exit_code == 1
    assert f"lake file {sentences} cannot be read" in result.output
    assert "documents: the warehouse has 5 rows, the lake replays to 0" in result.output
    assert "no file lake/documents/run-" in result.output
    assert "restore the missing lake files from a backup" in result.output  # what to do, on the same line
    assert all("restore" in line or "rebuild" in line for line in result.output.splitlines())


def test_check_notes_what_killed_and_failed_runs_left_and_the_next_runs_clear_it(damaged_copy):
    from flows.nightly_ingest import nightly_ingest

    paths = DataPaths(damaged_copy)
    shutil.copyfile(paths.warehouse, paths.candidate_warehouse)
    (paths.staging / "killed" / "00000").mkdir(parents=True)
    checked = CliRunner().invoke(main, ["check", "--data-dir", str(damaged_copy)])
    assert checked.exit_code == 0, checked.output
    assert f"note: {paths.candidate_warehouse} is left from a killed run (the next run removes it)" in checked.output
    assert f"note: {paths.staging / 'killed'}: batches of a killed run: the next run removes them" in checked.output

    (paths.staging / "failed" / "00000").mkdir(parents=True)  # as a full disk leaves them
    lake.write_failed_run(
        paths,
        {
            "run_id": "failed",
            "status": "failed",
            "started_at": runs.utc_now(),
            "message": "OSError: [Errno 28] No space left on device",
        },
        {},
    )
    checked = CliRunner().invoke(main, ["check", "--data-dir", str(damaged_copy)])
    assert checked.exit_code == 0, checked.output
    assert (
        f"note: {paths.staging / 'failed'}: batches of a failed run, kept for inspection until a later run completes"
    ) in checked.output
    assert (
        "note: run failed failed: its record is in lake/runs/run-failed.parquet until the next completed run "
        "carries it into the warehouse"
    ) in checked.output

    nightly_ingest(data_dir=str(damaged_copy))  # completes (a quiet night), and carries the failed run's record in
    assert [p.name for p in paths.staging.iterdir()] == ["failed"]
    nightly_ingest(data_dir=str(damaged_copy))
    assert list(paths.staging.iterdir()) == []
    assert CliRunner().invoke(main, ["check", "--data-dir", str(damaged_copy)]).output.startswith("ok: ")

    paths.quarantine.mkdir(exist_ok=True)
    (paths.quarantine / "0123456789abcdef_orphan.txt").write_bytes(b"\xff")
    checked = CliRunner().invoke(main, ["check", "--data-dir", str(damaged_copy)])
    assert checked.exit_code == 1
    assert "orphan.txt is quarantined but no `quarantine` row names it" in checked.output
    assert "(its run did not finish): delete it once you do not need it" in checked.output


@pytest.mark.slow
def test_rebuild_after_deleting_the_warehouse_gives_the_same_content_over_several_nights(tmp_path):
    from flows.nightly_ingest import nightly_ingest

    folder, data_dir = tmp_path / "input", tmp_path / "data"
    shutil.copytree(bundled_sample(), folder)
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    write_articles(folder, 12)
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir), files_per_batch=5)  # a night in three batches
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))  # a quiet night
    (folder / "bad.txt").write_bytes(b"\x00\x01" * 100)  # a quarantined file
    nightly_ingest(input_dir=str(folder), data_dir=str(data_dir))
    before = {
        table: query(data_dir, f"select * from {table} order by all")
        for table in (*CONTENT_TABLES, "source_files", "quarantine", "publications", "runs")
    }

    (data_dir / "warehouse.duckdb").unlink()
    result = CliRunner().invoke(main, ["rebuild", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    after = {table: query(data_dir, f"select * from {table} order by all") for table in before}
    assert after == before


def test_an_input_file_that_vanishes_or_changes_while_read_is_accounted_for(tmp_path):
    folder = tmp_path / "input"
    shutil.copytree(bundled_sample(), folder)
    growing = folder / "growing.txt"
    growing.write_bytes(b"x" * (32 << 20))
    files = night.find_input_files(folder, "*.txt")
    vanished = files[0]
    vanished.unlink()  # deleted between discovery and reading

    stop = threading.Event()

    def keep_appending():  # another process still writing the file while the run reads it
        with growing.open("ab") as out:
            while not stop.is_set():
                out.write(b"y" * 4096)
                out.flush()

    writer = threading.Thread(target=keep_appending)
    writer.start()
    try:
        result = night.read_sources(files, loader.KnownState({}, set(), {}), 1 << 30, night.InputFolder.of(folder))
    finally:
        stop.set()
        writer.join()
    rows = {Path(row["source_path"]).name: row for row in result.source_files}
    assert len(rows) == len(files)  # every file discovered is accounted for
    assert rows[vanished.name]["status"] == "quarantined" and "No such file" in rows[vanished.name]["reason"]
    assert (
        rows["growing.txt"]["status"] == "quarantined" and "changed while it was read" in rows["growing.txt"]["reason"]
    )
    assert sum(row["status"] == "loaded" for row in rows.values()) == 4  # the run goes on with the others


@pytest.mark.slow
@pytest.mark.parametrize("when", ["validate_loaded: batch", "publish_run:"])
def test_sigterm_during_the_load_leaves_the_old_or_the_new_warehouse_and_frees_the_lock(tmp_path, subprocess_env, when):
    folder, data_dir = tmp_path / "input", tmp_path / "data"
    shutil.copytree(bundled_sample(), folder)
    assert _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env).returncode == 0
    write_articles(folder, 300)
    run = subprocess.Popen(
        [VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir)],
        env={**subprocess_env, "VNEWS_LOG_LEVEL": "INFO"},  # Prefect's task lines: when to stop
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in run.stdout:
        if when in line:
            run.send_signal(signal.SIGTERM)
            break
    run.communicate(timeout=300)
    assert run.returncode != 0 or when == "publish_run:"  # after the swap a stop may come too late to matter
    assert query(data_dir, "select count(*) from documents")[0][0] in (5, 305)  # never a mix
    assert not Warehouse.of(DataPaths(data_dir)).run_in_progress()  # the lock is free
    done = _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env)
    assert done.returncode == 0 and query(data_dir, "select count(*) from documents") == [(305,)]


def _stopped_while_loading(command: list[str], env: dict, signum: int, whole_group: bool = False) -> int:
    """Start `command` in a session of its own and send it `signum` once its first batch is staged and loading
    (its tagging workers up): to the run alone, or to its whole process group (as systemd's final SIGKILL);
    returns its pid."""
    run = subprocess.Popen(
        command,
        env={**env, "VNEWS_LOG_LEVEL": "INFO"},  # Prefect's task lines: when to stop
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    for line in run.stdout:
        if "load_tables: batch 0" in line:
            (os.killpg if whole_group else os.kill)(run.pid, signum)
            break
    run.communicate(timeout=120)
    assert run.returncode != 0
    return run.pid


@pytest.mark.slow
def test_a_killed_or_stopped_run_on_worker_processes_leaves_nothing_the_next_run_does_not_clear(
    tmp_path, subprocess_env
):
    from flows.tagging import SEMAPHORES

    folder, data_dir = tmp_path / "input", tmp_path / "data"
    shutil.copytree(bundled_sample(), folder)
    assert _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env).returncode == 0
    write_articles(folder, 20)
    command = [VNEWS, "run", "--input", str(folder), "--data-dir", str(data_dir), "--task-runner", "process"]

    own_server = {
        **{k: v for k, v in subprocess_env.items() if k != "PREFECT_API_URL"},
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
    }
    for signum in (signal.SIGKILL, signal.SIGTERM):
        run = _stopped_while_loading(command, own_server, signum)
        assert left_in_session(run) == [], signum  # its temporary server, workers and resource tracker ended too
        assert not list(SEMAPHORES.glob(f"sem.loky-{run}-*"))  # unlinked by its resource tracker

    group = _stopped_while_loading(command, subprocess_env, signal.SIGKILL, whole_group=True)
    assert left_in_session(group) == []
    assert len(list(SEMAPHORES.glob(f"sem.loky-{group}-*"))) > 0  # the fault: no process was left to unlink them

    checked = _vnews("check", "--data-dir", str(data_dir), env=subprocess_env)
    assert checked.returncode == 0, checked.stdout
    staged = [line for line in checked.stdout.splitlines() if "/_staging/" in line]
    assert len(staged) == 1, checked.stdout  # the earlier runs' folders: removed when the next run took the lock
    assert staged[0].endswith(": batches of a killed run: the next run removes them")

    done = _vnews("run", "--input", str(folder), "--data-dir", str(data_dir), env=subprocess_env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert query(data_dir, "select count(*) from documents") == [(25,)]
    assert list((data_dir / "lake" / "_staging").iterdir()) == []
    assert not list(SEMAPHORES.glob(f"sem.loky-{group}-*"))


def test_the_next_run_removes_the_reading_copies_of_runs_killed_while_they_read(tmp_path):
    data_dir = tmp_path / "data"
    paths = DataPaths(data_dir)
    stale, fresh = data_dir / ".reading-killed", data_dir / ".reading-live"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / "warehouse.duckdb").write_bytes(b"a copy")
    os.utime(stale, (0, 0))
    runs.finish_earlier_publishes(paths)
    assert not stale.exists() and fresh.exists()  # a copy younger than an hour may be a live reader's
