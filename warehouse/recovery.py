"""The lake as a backup: rebuild the warehouse from it, and check the warehouse against it.

The lake holds, for every completed run, each batch it loaded
(`lake/<table>/run-<run_id>-<batch>.parquet`) and its run-level rows (`run-<run_id>.parquet`:
a quiet night's files, the run, its validation results). Replaying the completed runs in the
order they started, batch by batch, through the same load SQL as the night itself, gives the
warehouse back: `rebuild` validates each replayed batch and swaps the result in; `check`
replays into a scratch file and compares.
"""

import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from vnews.paths import DataPaths
from warehouse import loader
from warehouse.backends import Warehouse, WarehouseUnreadable, open_migrated
from warehouse.runs import run_lock, staged_leftover
from warehouse.schema import BATCH_TABLES, DERIVED_TABLES, MIGRATIONS_DIR, recorded_migrations
from warehouse.tables import CONTENT_TABLES

_LAKE_FILE = re.compile(r"^run-(?P<run_id>.+?)(?:-(?P<batch>\d{5}))?\.parquet$")
# Compared table by table (the audit tables too): a lake that replays to other rows has lost or changed some.
COMPARED_TABLES = (*CONTENT_TABLES, "source_files", "quarantine", "publications", "runs", "validation_results")


@dataclass(frozen=True)
class LakeFile:
    table: str
    run_id: str
    batch: str | None  # None: the run's own rows (runs, validation results, a quiet night's files)
    path: Path


def lake_inventory(paths: DataPaths) -> tuple[list[LakeFile], list[str]]:
    """(the readable lake files, a line for each that cannot be read)."""
    files, unreadable = [], []
    for path in sorted(paths.lake.glob("*/run-*.parquet")):  # staged files (lake/_staging/…) are named <table>.parquet
        match = _LAKE_FILE.match(path.name)
        try:
            pq.read_metadata(path)
        except Exception as error:  # pyarrow raises several kinds for a truncated or damaged file
            unreadable.append(
                f"lake file {path} cannot be read ({str(error).splitlines()[0]}): "
                "restore it from a backup or delete it and run `vnews rebuild`"
            )
            continue
        if match:
            files.append(LakeFile(path.parent.name, match["run_id"], match["batch"], path))
    return files, unreadable


def completed_runs(files: list[LakeFile]) -> list[str]:
    """The run ids the lake records as completed, in the order they started."""
    runs = [str(f.path) for f in files if f.table == "runs"]
    if not runs:
        return []
    return [
        run_id
        for (run_id,) in duckdb.sql(
            f"select run_id from read_parquet({runs!r}, union_by_name = true) where status = 'completed' "
            "order by started_at, run_id"
        ).fetchall()
    ]


def replay(
    con: duckdb.DuckDBPyConnection,
    paths: DataPaths,
    files: list[LakeFile],
    after_batch: Callable[[str, int], None] = lambda run_id, batch: None,
) -> int:
    """Load every completed run's batches into `con` (a fresh, migrated warehouse) in order, then the runs'
    audit rows; `after_batch(run_id, n)` is called after each. Returns the batches replayed."""
    by_run = defaultdict(lambda: defaultdict(dict))
    for f in files:
        if f.table in (*BATCH_TABLES, *DERIVED_TABLES):
            by_run[f.run_id][f.batch or "run"][f.table] = f.path
    replayed = 0
    for run_id in completed_runs(files):
        for _batch, staged in sorted(by_run[run_id].items()):  # "00000" … before "run" (a quiet night's files)
            loader.load_batch(con, staged)
            loader.load_derived(con, staged)
            after_batch(run_id, replayed)
            replayed += 1
    loader.record_runs(con, paths, {})
    return replayed


def rebuild(paths: DataPaths, validate: Callable[[duckdb.DuckDBPyConnection, str, int], None]) -> int:
    """Recreate the warehouse from the lake (`Warehouse.rebuild`: the old file kept beside it, or a new DuckLake
    catalog), `validate` each replayed batch (it raises to stop), and publish it. Returns the batches replayed."""
    with run_lock(paths):
        files, unreadable = lake_inventory(paths)
        if unreadable:
            raise RuntimeError(unreadable[0])
        return Warehouse.of(paths).rebuild(
            lambda con: replay(con, paths, files, lambda run_id, batch: validate(con, run_id, batch))
        )


def _digest(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    return con.execute(f"select count(*), coalesce(sum(hash(t)), 0)::varchar from {table} as t").fetchone()


def _rows_per_run(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    columns = {name for (name, *_) in con.execute(f"describe {table}").fetchall()}
    if "run_id" not in columns:
        return {}
    return dict(con.execute(f"select run_id, count(*) from {table} group by 1").fetchall())


def compare(published: duckdb.DuckDBPyConnection, rebuilt: duckdb.DuckDBPyConnection) -> list[str]:
    """What differs between the warehouse and its replayed lake, table by table (and run by run where a
    table records its run)."""
    problems = []
    for table in COMPARED_TABLES:
        there, replayed = _digest(published, table), _digest(rebuilt, table)
        if there == replayed:
            continue
        runs_there, runs_lake = _rows_per_run(published, table), _rows_per_run(rebuilt, table)
        differing = [
            f"run {run}: {runs_there.get(run, 0)} in the warehouse, {runs_lake.get(run, 0)} in the lake"
            + (f", no file lake/{table}/run-{run}*.parquet" if not runs_lake.get(run) else "")
            for run in sorted(set(runs_there) | set(runs_lake))
            if runs_there.get(run) != runs_lake.get(run)
        ]
        problems.append(
            f"{table}: the warehouse has {there[0]} rows, the lake replays to {replayed[0]}"
            + (f" ({'; '.join(differing[:3])})" if differing else " (same counts, other content)")
            + f": {_what_to_do(there[0], replayed[0])}"
        )
    return problems


def _what_to_do(rows_there: int, rows_replayed: int) -> str:
    """What to do about a table whose warehouse rows and replayed lake rows differ."""
    if rows_there > rows_replayed:
        return (
            "restore the missing lake files from a backup (the warehouse still has the rows; a rebuild would drop them)"
        )
    if rows_there < rows_replayed:
        return "`vnews rebuild` recreates the warehouse from the lake (the old file is kept beside it)"
    return "restore the warehouse from a backup, or `vnews rebuild` it from the lake if the lake is right"


def check_against_lake(paths: DataPaths) -> tuple[list[str], list[str]]:
    """(problems: unreadable lake files, then tables whose rows the lake does not give back; notes: failed runs
    the lake records that the warehouse does not hold yet)."""
    files, problems = lake_inventory(paths)
    with tempfile.TemporaryDirectory(prefix="vnews-check-") as scratch:
        rebuilt = open_migrated(Path(scratch) / "replayed.duckdb")
        try:
            replay(rebuilt, paths, files)
        except duckdb.Error as error:
            rebuilt.close()
            return [
                *problems,
                f"the lake cannot be replayed ({str(error).splitlines()[0]}): restore the lake from "
                "a backup (the warehouse is untouched)",
            ], []
        notes = []
        try:
            with Warehouse.of(paths).connect() as published:
                notes = [
                    f"run {run_id} failed: its record is in lake/runs/run-{run_id}.parquet until the next "
                    "completed run carries it into the warehouse"
                    for run_id in _set_aside_waiting(published, rebuilt)
                ]
                problems += compare(published, rebuilt)
        except duckdb.Error as error:  # a damaged block shows when its table is read whole
            problems.append(
                f"{Warehouse.of(paths).name} is damaged ({str(error).splitlines()[0]}); "
                "`vnews rebuild` recreates it from the lake"
            )
        finally:
            rebuilt.close()
    return problems, notes


def _set_aside_waiting(published: duckdb.DuckDBPyConnection, rebuilt: duckdb.DuckDBPyConnection) -> list[str]:
    """Take out of the replay the failed runs the warehouse does not hold yet (their run and validation rows);
    return their ids."""
    there = {run_id for (run_id,) in published.execute("select run_id from runs").fetchall()}
    waiting = [
        run_id
        for (run_id,) in rebuilt.execute("select run_id from runs where status = 'failed' order by 1").fetchall()
        if run_id not in there
    ]
    for run_id in waiting:
        for table in ("validation_results", "runs"):
            rebuilt.execute(f"delete from {table} where run_id = ?", [run_id])
    return waiting


def check_warehouse(paths: DataPaths) -> tuple[list[str], list[str]]:
    """(everything `vnews check` finds wrong, one line each: none means all is well; notes on what killed or
    failed runs left, which the next run finishes or removes)."""
    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        return [
            f"no warehouse at {warehouse.name}: `vnews rebuild` recreates it from the lake, `vnews run` starts one"
        ], []
    try:
        with warehouse.connect() as con:
            problems, notes = check_migrations(con) + orphan_quarantined(paths, con), leftovers(paths, con)
    except WarehouseUnreadable as error:
        return [str(error)], []
    lake_problems, waiting = check_against_lake(paths)
    return problems + lake_problems, notes + waiting


def check_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    known = {path.name for path in MIGRATIONS_DIR.glob("*.sql")}
    recorded = recorded_migrations(con)
    return [
        f"migration {name} is recorded but unknown to this vnews (a newer version wrote the warehouse?): "
        "use the vnews that wrote it, or a newer one"
        for name in sorted(recorded - known)
    ]


_STAGED = {
    "completed": "batches of a completed run not yet moved into the lake: the next run moves them",
    "kept": "batches of a failed run, kept for inspection until a later run completes",
    "failed": "batches of a failed run a later run has replaced: the next run removes them",
    "killed": "batches of a killed run: the next run removes them",
}


def leftovers(paths: DataPaths, con: duckdb.DuckDBPyConnection) -> list[str]:
    """What killed or failed runs left that the next run finishes or removes (`runs.finish_earlier_publishes`):
    a candidate no run is building, staged batches, DuckLake data files no snapshot names. Nothing while a
    run holds the lock (those are its own)."""
    warehouse = Warehouse.of(paths)
    if warehouse.run_in_progress():
        return []
    notes = warehouse.leftovers(con)
    status = dict(con.execute("select run_id, status from runs").fetchall())
    for folder in sorted(paths.staging.iterdir()) if paths.staging.is_dir() else []:
        notes.append(f"{folder}: {_STAGED[staged_leftover(paths, folder.name, status)]}")
    return notes


def orphan_quarantined(paths: DataPaths, con: duckdb.DuckDBPyConnection) -> list[str]:
    """Quarantined files the warehouse has no row for (their run did not finish)."""
    recorded = {path for (path,) in con.execute("select quarantine_path from quarantine").fetchall()}
    return [
        f"{file} is quarantined but no `quarantine` row names it (its run did not finish): delete it once you do "
        "not need it (the next run quarantines its input file again, if that is still there and still bad)"
        for file in (sorted(paths.quarantine.iterdir()) if paths.quarantine.is_dir() else [])
        if str(file) not in recorded
    ]
