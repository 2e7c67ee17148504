"""A run's hold on its data directory, and its record when it fails."""

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from vnews.paths import DataPaths
from warehouse import lake
from warehouse.backends import Warehouse, WarehouseUnreadable

if TYPE_CHECKING:
    from vnews.run import Run


class RecordedFailure(RuntimeError):
    """A failure whose run is already recorded in the lake, with more than its reason (a failed validation)."""


def utc_now() -> datetime:
    """Now, in UTC, without a time zone: how the warehouse's timestamp columns hold times."""
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def run_lock(paths: DataPaths) -> Iterator[None]:
    """One writer at a time: a second run fails at once with a clear message. The run that gets the lock first
    finishes what a killed run left (`loader.finish_earlier_publishes`)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with Warehouse.of(paths).writer_lock():
        try:
            finish_earlier_publishes(paths)
        except WarehouseUnreadable:
            pass  # what comes next reports it, or rebuilds the warehouse
        yield


def finish_earlier_publishes(paths: DataPaths) -> None:
    """Finish what killed or failed runs left (called by the run that takes the writer lock, before it stages
    anything): a killed run's candidate (`Warehouse.clear_leftovers`); staged batches of runs the warehouse records
    as completed (killed after their swap) moved into the lake, and the other staged folders removed but a failed
    run's, kept for inspection until a later run completes (`staged_leftover`)."""
    warehouse = Warehouse.of(paths)
    warehouse.clear_leftovers()
    if not paths.staging.is_dir():
        return
    status = {}
    if warehouse.exists():
        with warehouse.reading() as con:
            status = dict(con.execute("select run_id, status from runs").fetchall())
    for staged in paths.staging.iterdir():
        leftover = staged_leftover(paths, staged.name, status)
        if leftover == "completed":
            lake.publish_staged_run(paths, staged.name)
        elif leftover != "kept":
            shutil.rmtree(staged)


def staged_leftover(paths: DataPaths, run_id: str, status: dict[str, str]) -> str:
    """What the staged folder of an earlier run is, given the warehouse's run statuses: "completed" (its swap
    happened), "kept" (a failed run's batches, kept for inspection until a later run completes and carries
    its record into the warehouse), "failed" (that has happened) or "killed" (no record of it)."""
    if run_id in status:
        return status[run_id]
    return "kept" if lake.recorded_failed(paths, run_id) else "killed"


@contextmanager
def recorded_run(run: "Run") -> Iterator[None]:
    """Hold the data directory for `run`; if the body fails, record the run in the lake as failed, with its
    reason (the next good load carries it into the warehouse), and re-raise."""
    with run_lock(run.paths):
        try:
            yield
        except RecordedFailure:
            raise
        except Exception as error:
            run.record_failed(f"{type(error).__name__}: {error}")
            raise
