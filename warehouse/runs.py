"""A run's hold on its data directory, and its record when it fails."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from filelock import FileLock, Timeout

from vnews.errors import ActionableError
from vnews.paths import DataPaths
from warehouse import ducklake, lake, loader


class RunLocked(ActionableError):
    """Another run holds the data directory."""


class RecordedFailure(RuntimeError):
    """A failure whose run is already recorded in the lake, with more than its reason (a failed validation)."""


def utc_now() -> datetime:
    """Now, in UTC, without a time zone: how the warehouse's timestamp columns hold times."""
    return datetime.now(UTC).replace(tzinfo=None)


def started_run(run_id: str) -> dict:
    """The `runs` row of a run that starts now: nothing seen or loaded yet."""
    return {
        "run_id": run_id,
        "started_at": utc_now(),
        "files_seen": 0,
        "files_new": 0,
        "files_quarantined": 0,
        "rows_loaded": 0,
    }


@contextmanager
def _held(paths: DataPaths) -> Iterator[None]:
    """The writer lock: a lock file (`paths.lock`), or a PostgreSQL catalog's own, which machines share."""
    if paths.catalog_holds_lock:
        try:
            with ducklake.writer_lock(paths):
                yield
        except ducklake.WriterBusy as busy:
            raise RunLocked(f"{busy}; try again when it ends") from None
        return
    lock = FileLock(paths.lock, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        using = f"writing to {paths.warehouse_name}" if paths.ducklake else f"using {paths.root}"
        raise RunLocked(f"another vnews run is {using} (lock {paths.lock}); try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def run_lock(paths: DataPaths) -> Iterator[None]:
    """One writer at a time: a second run fails at once with a clear message. The run that gets the lock first
    finishes what a killed run left (`loader.finish_earlier_publishes`)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with _held(paths):
        try:
            loader.finish_earlier_publishes(paths)
        except loader.WarehouseUnreadable:
            pass  # what comes next reports it, or rebuilds the warehouse
        yield


@contextmanager
def recorded_run(paths: DataPaths, run: dict) -> Iterator[None]:
    """Hold the data directory for `run`; if the body fails, record the run in the lake as failed, with its
    reason (the next good load carries it into the warehouse), and re-raise."""
    with run_lock(paths):
        try:
            yield
        except RecordedFailure:
            raise
        except Exception as error:
            lake.write_failed_run(
                paths,
                {**run, "status": "failed", "message": f"{type(error).__name__}: {error}", "finished_at": utc_now()},
                {},
            )
            raise
