"""Where the warehouse lives: a DuckDB file in the data directory, or a DuckLake catalog (warehouse/ducklake.py).

`Warehouse.of(paths)` chooses the implementation once, from --warehouse; every other module asks the warehouse
what it needs (is there one, a connection to read it, a candidate to build the next version in, publishing it,
the writer lock, what a killed run left) and never which backend it has.

The DuckDB file is never opened for writing while published: a run copies it to a candidate, loads and validates
there and renames the candidate over it, so readers never wait for a writer, nor a run for a client that holds
the file open read-write (it reads a copy of the file's bytes instead). On DuckLake the candidate is one
transaction of the catalog, and publishing is its commit.
"""

import os
import re
import shutil
import tempfile
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from vnews.defaults import NEWSROOM_TIMEZONE
from vnews.errors import ActionableError
from vnews.paths import DataPaths
from warehouse import ducklake
from warehouse.schema import apply_migrations, create_base_macros, create_views, sql_literal, whole_run_transaction

# DuckDB's memory for the candidate, most of it a cache of table blocks. Validation queries read only
# what one batch touches and the load's joins spill to disk, so this need not grow with the warehouse;
# raise it if a run fails with DuckDB's "Out of Memory".
CANDIDATE_MEMORY_LIMIT = os.environ.get("VNEWS_DUCKDB_MEMORY_LIMIT", "512MB")
# What DuckDB raises when a write connection is refused because a reader has the file open: another
# process's lock, or a read-only connection of this process.
HELD_BY_A_READER = (duckdb.IOException, duckdb.ConnectionException)


class RunLocked(ActionableError):
    """Another run holds the data directory."""


class WarehouseUnreadable(ActionableError):
    """The warehouse file exists but DuckDB cannot open it (truncated, corrupted, not a database)."""


class WarehouseHeld(ActionableError):
    """Another process holds the warehouse file open read-write, so it cannot be opened read-only."""


def open_database(path: Path, **options) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, with a damaged file reported as WarehouseUnreadable (a reader's lock is not damage) and a
    read-only open refused by a writer's lock as WarehouseHeld."""
    try:
        return duckdb.connect(str(path), **options)
    except duckdb.Error as error:
        if isinstance(error, HELD_BY_A_READER) and "lock" in str(error).lower():
            if options.get("read_only"):
                raise _held(path, error) from None
            raise
        raise WarehouseUnreadable(
            f"{path} cannot be opened ({str(error).splitlines()[0]}); `vnews check` lists "
            "what is wrong, `vnews rebuild` recreates it from the lake"
        ) from None


def _held(path: Path, error: duckdb.Error) -> WarehouseHeld:
    """WarehouseHeld naming the process DuckDB's lock message names."""
    holder = re.search(r"lock is held in (.*) \(PID (\d+)\)", str(error))
    who = f"process {holder[2]} ({holder[1]})" if holder else "another process"
    return WarehouseHeld(
        f"{path} is held open read-write by {who}; close that client or reconnect it read-only "
        '(docs/querying.md, "Connect a BI tool"), then try again'
    )


@contextmanager
def _file_lock(path: Path, using: str) -> Iterator[None]:
    """A lock file held for the block; RunLocked at once if another process holds it."""
    lock = FileLock(path, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise RunLocked(f"another vnews run is {using} (lock {path}); try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def open_migrated(path: Path) -> duckdb.DuckDBPyConnection:
    """A writable warehouse at `path` (new if there is none), migrated to the current schema, its views made."""
    con = open_database(path, config={"memory_limit": CANDIDATE_MEMORY_LIMIT})
    apply_migrations(con)
    create_views(con)
    return con


class Warehouse(ABC):
    """The published warehouse and how the next version of it is built and published."""

    def __init__(self, paths: DataPaths):
        self.paths = paths

    @staticmethod
    def of(paths: DataPaths) -> "Warehouse":
        """The warehouse --warehouse chose: the DuckDB file in the data directory, or a DuckLake catalog."""
        return DuckLakeWarehouse(paths) if paths.ducklake else FileWarehouse(paths)

    @property
    @abstractmethod
    def name(self) -> str:
        """What the warehouse is, for people: its file, or its catalog (a password left out)."""

    @property
    def label(self) -> str:
        """`name` for a page written inside the data directory (which may move)."""
        return self.name

    @abstractmethod
    def exists(self) -> bool:
        """Whether a run has published a warehouse yet."""

    @abstractmethod
    def connect(self, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
        """A read-only connection to the published warehouse (on DuckLake: its last snapshot, or the one `as_of`
        names), configured as ducklake.READER_CONFIG says."""

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """`connect` for a run, which must never wait for a client of the warehouse."""
        with self.connect() as con:
            yield con

    def connect_beside(self, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
        """A read-only connection in use beside which other databases can be attached writable."""
        return self.connect(as_of)

    def reader_folders(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """Folders a reader's connection must read files from (its own data files)."""
        return []

    def connect_reader(
        self,
        allow_files: bool = False,
        timezone: str | None = NEWSROOM_TIMEZONE,
        as_of: str | None = None,
        memory_limit: str | None = None,
        writes_into: Path | None = None,
    ) -> duckdb.DuckDBPyConnection:
        """A read-only connection for people's queries, with time-zoned values shown in `timezone`.

        It cannot read or write files (COPY, EXPORT, read_csv, …) unless `allow_files`, except its own data files
        (`reader_folders`) and the folder `writes_into` (both without symlinks); its settings are locked, so a
        query cannot switch that back. What `vnews sql` runs on it is checked by reader_sql first.
        """
        con = self.connect(as_of)
        create_base_macros(con)
        folders = [*self.reader_folders(con), *([writes_into] if writes_into else [])]
        allowed = ", ".join(sql_literal(os.path.realpath(folder) + "/") for folder in folders)
        con.execute(f"set allowed_directories = [{allowed}]")
        if not allow_files:
            con.execute("set enable_external_access = false")
        if timezone:
            con.execute(f"set TimeZone = '{timezone}'")
        if memory_limit:
            con.execute(f"set memory_limit = {sql_literal(memory_limit)}")
        con.execute("set lock_configuration = true")
        return con

    @abstractmethod
    def writer_lock(self) -> AbstractContextManager[None]:
        """One writer at a time: RunLocked at once if another holds it."""

    def run_in_progress(self) -> bool:
        """Whether a run holds the writer lock now."""
        try:
            with self.writer_lock():
                return False
        except RunLocked:
            return True

    @abstractmethod
    def candidate(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A writable next version of the published warehouse (or a new one), migrated to the current schema;
        whatever `publish` did not publish is discarded on leaving."""

    @abstractmethod
    def publish(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        """Make the candidate behind `con` the published warehouse, atomically."""

    def record_in_place(self, record: Callable[[duckdb.DuckDBPyConnection], None], run_id: str) -> str:
        """Add a quiet night's few audit rows with `record` in one transaction; returns how."""
        with self.candidate() as con:
            record(con)
            self.publish(con, run_id)
        return "committed to the catalog"

    @abstractmethod
    def rebuild(self, build: Callable[[duckdb.DuckDBPyConnection], int]) -> int:
        """Build a new warehouse with `build` (which returns a count, returned) and publish it."""

    @abstractmethod
    def clear_leftovers(self) -> None:
        """Remove what killed runs left of a candidate (called by the holder of the writer lock)."""

    @abstractmethod
    def leftovers(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """A line for each thing `clear_leftovers` would remove (`con`: the published warehouse)."""


class FileWarehouse(Warehouse):
    """warehouse.duckdb in the data directory; the candidate is a copy beside it, swapped in by a rename."""

    @property
    def name(self) -> str:
        return str(self.paths.warehouse)

    @property
    def label(self) -> str:
        """Named from the data directory's own name on, so the folder can move."""
        return str(self.paths.warehouse.relative_to(self.paths.root.parent))

    def exists(self) -> bool:
        return self.paths.warehouse.exists()

    def connect(self, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
        if as_of is not None:
            raise ActionableError(
                "--as-of reads an earlier snapshot of a DuckLake warehouse; the DuckDB file keeps "
                "only its last state (see docs/scaling.md)"
            )
        return open_database(self.paths.warehouse, read_only=True, config=ducklake.READER_CONFIG)

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """While a client holds the file open read-write, a read-only connection to a copy of its bytes instead,
        so a run never needs a lock on the published file."""
        try:
            con = self.connect()
        except WarehouseHeld:
            published = self.paths.warehouse
            with tempfile.TemporaryDirectory(dir=self.paths.root, prefix=".reading-") as folder:
                copy = Path(folder) / published.name
                shutil.copyfile(published, copy)
                if self.paths.wal(published).exists():
                    shutil.copyfile(self.paths.wal(published), self.paths.wal(copy))
                with open_database(copy, read_only=True, config=ducklake.READER_CONFIG) as con:
                    yield con
            return
        with con:
            yield con

    def connect_beside(self, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB with the file attached read-only and in use (a file opened read-only allows no
        writable neighbour)."""
        with self.connect(as_of):  # a damaged file is reported here, in one line
            pass
        con = duckdb.connect()
        con.execute(f"attach '{self.paths.warehouse}' as warehouse (read_only)")
        con.execute("use warehouse")
        return con

    def writer_lock(self) -> AbstractContextManager[None]:
        return _file_lock(self.paths.lock, f"using {self.paths.root}")

    @contextmanager
    def candidate(self) -> Iterator[duckdb.DuckDBPyConnection]:
        paths = self.paths
        self._discard_candidate()
        paths.root.mkdir(parents=True, exist_ok=True)
        con = None
        try:
            if paths.warehouse.exists():  # a full disk may stop the copy half-way: the finally removes it
                shutil.copyfile(paths.warehouse, paths.candidate_warehouse)
                if paths.wal(paths.warehouse).exists():  # a quiet night killed before its checkpoint: rows committed
                    shutil.copyfile(paths.wal(paths.warehouse), paths.wal(paths.candidate_warehouse))
            con = open_migrated(paths.candidate_warehouse)
            yield con
        finally:
            if con is not None:
                con.close()
            self._discard_candidate()

    def publish(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        """Checkpoint and close the candidate, then rename it over the published file."""
        paths = self.paths
        con.execute("checkpoint")
        con.close()
        wal = paths.wal(paths.candidate_warehouse)
        if wal.exists():
            raise RuntimeError(f"candidate warehouse still has a write-ahead log: {wal}")
        os.replace(paths.candidate_warehouse, paths.warehouse)
        paths.wal(paths.warehouse).unlink(missing_ok=True)  # the old file's log, already inside the candidate

    def record_in_place(self, record: Callable[[duckdb.DuckDBPyConnection], None], run_id: str) -> str:
        """Into the published file itself (nothing copied: the rows are a few per file); if a reader holds the
        file open, into a candidate copy swapped in instead, so no reader is disturbed."""
        try:
            con = duckdb.connect(str(self.paths.warehouse))
        except HELD_BY_A_READER:
            super().record_in_place(record, run_id)
            return "copied and swapped in: a reader held the file"
        try:
            record(con)
            con.execute("checkpoint")
        finally:
            con.close()
        return "in place"

    def rebuild(self, build: Callable[[duckdb.DuckDBPyConnection], int]) -> int:
        """Into a new candidate file; the old file is kept as warehouse.duckdb.before-rebuild."""
        paths = self.paths
        self._discard_candidate()
        con = open_migrated(paths.candidate_warehouse)
        try:
            built = build(con)
            if paths.warehouse.exists():
                shutil.copyfile(paths.warehouse, paths.root / "warehouse.duckdb.before-rebuild")
            self.publish(con, "rebuild")
        finally:
            con.close()
            self._discard_candidate()
        return built

    def clear_leftovers(self) -> None:
        """A killed run's candidate and reading copies; a killed quiet night's log folded into the file."""
        self._remove_stale_reading_copies()
        self._discard_candidate()
        self._checkpoint_leftover_log()

    def leftovers(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        if self.paths.candidate_warehouse.exists():
            return [f"{self.paths.candidate_warehouse} is left from a killed run (the next run removes it)"]
        return []

    def _discard_candidate(self) -> None:
        for path in (self.paths.candidate_warehouse, self.paths.wal(self.paths.candidate_warehouse)):
            path.unlink(missing_ok=True)

    def _remove_stale_reading_copies(self, older_than_s: float = 3600) -> None:
        """The copies `reading` made for runs killed while they read one (a live run's copy lasts seconds; it may
        be made outside the writer lock, hence the age)."""
        for folder in self.paths.root.glob(".reading-*"):
            with suppress(OSError):
                if time.time() - folder.stat().st_mtime > older_than_s:
                    shutil.rmtree(folder)

    def _checkpoint_leftover_log(self) -> None:
        """Fold a write-ahead log left by a killed quiet night into the file (readers see it already). If a reader
        holds the file, the log stays; the next candidate copies it along."""
        if self.paths.wal(self.paths.warehouse).exists():
            try:
                open_database(self.paths.warehouse).close()
            except HELD_BY_A_READER:
                pass


class DuckLakeWarehouse(Warehouse):
    """A DuckLake catalog in SQLite or PostgreSQL; the candidate is one transaction of it, published by its commit
    as a snapshot that names the run."""

    @property
    def name(self) -> str:
        return ducklake.catalog_name(self.paths)

    def exists(self) -> bool:
        return ducklake.exists(self.paths)

    def connect(self, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
        return ducklake.connect(self.paths, read_only=True, as_of=as_of)

    def reader_folders(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        return [ducklake.data_path(con)]

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        """A PostgreSQL catalog's own advisory lock, which machines share; for a SQLite catalog, a lock file beside
        it, which every data directory writing to it shares."""
        if ducklake.holds_writer_lock(self.paths):
            try:
                with ducklake.writer_lock(self.paths):
                    yield
            except ducklake.WriterBusy as busy:
                raise RunLocked(f"{busy}; try again when it ends") from None
            return
        with _file_lock(ducklake.lock_file(self.paths), f"writing to {self.name}"):
            yield

    @contextmanager
    def candidate(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction of the catalog, begun before the migrations, so the run commits one snapshot or none."""
        con = ducklake.connect(self.paths, memory_limit=CANDIDATE_MEMORY_LIMIT)
        try:
            with whole_run_transaction(con):
                ducklake.set_data_file_options(con)
                apply_migrations(con)
                create_views(con, temporary_macros=True)
                yield con
        finally:
            con.close()  # an uncommitted transaction is rolled back

    def publish(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        ducklake.commit(con, run_id)

    def rebuild(self, build: Callable[[duckdb.DuckDBPyConnection], int]) -> int:
        """Into a new catalog, in one snapshot (an existing one keeps its history: read it with --as-of); so a file
        warehouse moves onto DuckLake by rebuilding its lake into one."""
        if self.exists():
            raise ActionableError(
                f"{self.name} exists: its snapshots are its history (`vnews sql --as-of`); "
                "rebuild into a new catalog instead"
            )
        with self.candidate() as con:
            built = build(con)
            self.publish(con, "rebuild")
        return built

    def clear_leftovers(self) -> None:
        """The data files no snapshot names (another writer's are uncommitted until it commits: hence the lock)."""
        if self.exists():
            with ducklake.connect(self.paths) as con:
                ducklake.uncommitted_files(con, remove=True)

    def leftovers(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        if uncommitted := ducklake.uncommitted_files(con):
            return [
                f"{uncommitted} DuckLake data files no snapshot names, written by a killed run "
                "(the next run deletes them)"
            ]
        return []
