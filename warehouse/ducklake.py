"""The warehouse on DuckLake: Parquet data files plus a catalog in SQLite or PostgreSQL, for history that outgrows
one file or one machine.

The tables, views, ids and migrations are the file warehouse's. What differs is how a run publishes: it loads
every batch inside one transaction of the catalog, validates each, and commits once, which is the new snapshot
(its commit message is the run id). Nothing of history is copied; a failed or killed run commits nothing.
Readers attach read-only and see the last committed snapshot, or an earlier one. The extensions come from the
duckdb-ext-* wheels, checked against the hashes the wheels record: nothing is downloaded.
"""

import base64
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import files
from pathlib import Path

import duckdb

from vnews.errors import ActionableError
from vnews.paths import DataPaths
from warehouse.schema import create_macros, sql_literal

CATALOG = "warehouse"  # what the DuckLake is attached as; `use`d, so queries name tables alone
# The extension each part needs, as the duckdb-ext-* wheels ship them.
_EXTENSIONS = {
    "ducklake": ("duckdb-ext-ducklake", "ducklake"),
    "sqlite": ("duckdb-ext-sqlite", "sqlite_scanner"),
    "postgres": ("duckdb-ext-postgres", "postgres_scanner"),
}
# How the data files are written, set by every run: LZ4 decodes about 1.7x faster than DuckLake's default, Snappy,
# at the same size, and a night reads the text of earlier rows more than it writes new ones (docs/benchmarks.md).
DATA_FILE_OPTIONS = {"parquet_compression": "lz4"}
# What a reader's DuckDB starts with: extensions neither fetched nor loaded on demand, and no temp directory, so it
# never spills to disk (the folders DuckDB would use, `<file>.tmp/` or `./.tmp/`, are ones a user could plant links
# in, and DuckDB lets a query use them). Persistent secrets stay allowed: the PostgreSQL extension will not attach
# without their storage, and `vnews sql` refuses CREATE SECRET.
READER_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False, "temp_directory": ""}
# Any 64-bit number vnews alone uses: the PostgreSQL advisory lock a writer holds.
WRITER_LOCK_KEY = 0x766E657773  # "vnews"


class CatalogUnreachable(ActionableError):
    """The DuckLake catalog cannot be opened (no such file or database, a server down, a wrong password)."""


class WriterBusy(ActionableError):
    """Another process holds the catalog's writer lock."""


class NoSuchSnapshot(ActionableError):
    """An --as-of that names no run and no time of the catalog."""


@cache
def _extension_file(name: str) -> str:
    """The extension's file in its wheel, once per process checked against the sha256 the wheel records for it.

    uv checked the wheel against uv.lock when it installed it, so a file that matches is the pinned build. DuckDB
    then loads it without its own signature check, which costs about 0.1 s per extension on every connection.
    """
    package, stem = _EXTENSIONS[name]
    record = next(f for f in files(package) if f.name == f"{stem}.duckdb_extension")
    path = record.locate()
    with open(path, "rb") as file:
        digest = base64.urlsafe_b64encode(hashlib.file_digest(file, "sha256").digest()).rstrip(b"=").decode()
    if record.hash is None or digest != record.hash.value:
        raise ActionableError(
            f"{path} is not the file its wheel installed; reinstall it: "
            f"`uv sync --frozen --reinstall-package {package}`"
        )
    return str(path)


def _kind(paths: DataPaths) -> str:
    return paths.ducklake.split(":", 1)[0]


def catalog_name(paths: DataPaths) -> str:
    """The catalog, for people: its --warehouse value with a password left out."""
    return "ducklake:" + re.sub(r"password=\S+", "password=…", paths.ducklake)


def holds_writer_lock(paths: DataPaths) -> bool:
    """Whether the catalog holds the writer lock itself (PostgreSQL: `writer_lock`)."""
    return _kind(paths) == "postgres"


def lock_file(paths: DataPaths) -> Path:
    """The lock file of a SQLite catalog's writers, beside it: every data directory writing to it shares it."""
    return Path(_target(paths) + ".lock")


def _target(paths: DataPaths) -> str:
    """The SQLite file or the PostgreSQL connection string."""
    return paths.ducklake.split(":", 1)[1]


def _host(paths: DataPaths, config: dict) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with DuckLake and the catalog's extension loaded from their wheels (never fetched)."""
    config = {
        **config,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_unsigned_extensions": True,
    }  # for the two files _extension_file checked, switched off below
    con = duckdb.connect(config=config)
    for name in ("ducklake", _kind(paths)):
        con.execute(f"load '{_extension_file(name)}'")
    con.execute("set allow_unsigned_extensions = false")
    return con


def _attach(con: duckdb.DuckDBPyConnection, paths: DataPaths, options: list[str]) -> None:
    """Attach the catalog as CATALOG and use it; a catalog that cannot be opened is one clear error."""
    clause = f" ({', '.join(options)})" if options else ""
    try:
        con.execute(f"attach {sql_literal('ducklake:' + paths.ducklake)} as {CATALOG}{clause}")
    except duckdb.Error as error:
        con.close()
        raise CatalogUnreachable(
            f"the DuckLake catalog {catalog_name(paths)} cannot be opened: {str(error).splitlines()[0]}"
        ) from None
    con.execute(f"use {CATALOG}")


# A catalog holds a warehouse once a run has committed its migrations table.
_HAS_MIGRATIONS = """select 1 from ducklake_table as t join ducklake_schema as s using (schema_id)
    where t.table_name = '_migrations' and s.schema_name in ('main', 'internal')
      and t.end_snapshot is null and s.end_snapshot is null"""


def exists(paths: DataPaths) -> bool:
    """Whether a run has committed a warehouse to the catalog (a run creates it otherwise). Asked of the catalog's
    database through its own driver: an answer in a millisecond, where attaching costs DuckDB its extensions."""
    if _kind(paths) == "sqlite":
        target = Path(_target(paths))
        if not target.exists():
            return False
        with closing(sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)) as db:
            try:
                return bool(db.execute(_HAS_MIGRATIONS).fetchall())
            except sqlite3.OperationalError as error:
                if "no such table" in str(error):
                    return False  # a database no run has made a catalog of yet
                raise CatalogUnreachable(
                    f"the DuckLake catalog {catalog_name(paths)} cannot be read: {error}"
                ) from None
    return _exists_in_postgres(paths)


def _exists_in_postgres(paths: DataPaths) -> bool:
    import psycopg

    try:
        with psycopg.connect(_target(paths)) as db:
            return bool(db.execute(_HAS_MIGRATIONS).fetchall())
    except psycopg.errors.UndefinedTable:
        return False
    except psycopg.Error as error:
        if "does not exist" in str(error):
            return False
        raise _unreachable(paths, error) from None


def _unreachable(paths: DataPaths, error: Exception) -> CatalogUnreachable:
    return CatalogUnreachable(
        f"the DuckLake catalog {catalog_name(paths)} cannot be reached: {str(error).strip().splitlines()[0]}"
    )


def connect(
    paths: DataPaths, read_only: bool = False, as_of: str | None = None, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse's catalog, its macros made for the session.

    Writable, it creates the catalog if there is none, its data files in --data-path or the data
    directory's lake/ducklake. Read-only, it sees the last snapshot, or the one `as_of` names (a run id or a
    time, UTC unless it says otherwise).
    """
    config = dict(READER_CONFIG) if read_only else {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    con = _host(paths, config)
    if read_only:
        _attach(con, paths, ["read_only"])
        if as_of is not None:
            snapshot = snapshot_of(con, as_of)
            con.execute(f"use memory; detach {CATALOG}")
            _attach(con, paths, ["read_only", f"snapshot_version {snapshot}"])
    else:
        data = paths.ducklake_data or (None if exists(paths) else paths.default_ducklake_data)
        if data is not None:
            data.mkdir(parents=True, exist_ok=True)
        _attach(con, paths, [f"data_path {sql_literal(str(data) + '/')}"] if data is not None else [])
        return con  # the candidate makes the macros once the migrations have made their tables
    create_macros(con, temporary=True)
    return con


def set_data_file_options(con: duckdb.DuckDBPyConnection) -> None:
    """Set DATA_FILE_OPTIONS in the catalog; inside the run's transaction, they are part of its snapshot."""
    for option, value in DATA_FILE_OPTIONS.items():
        con.execute(f"call {CATALOG}.set_option({sql_literal(option)}, {sql_literal(value)})")


def data_path(con: duckdb.DuckDBPyConnection) -> str:
    """Where the attached catalog keeps its data files."""
    return con.execute(
        f"select value from __ducklake_metadata_{CATALOG}.ducklake_metadata where key = 'data_path'"
    ).fetchone()[0]


def snapshot_of(con: duckdb.DuckDBPyConnection, as_of: str) -> int:
    """The snapshot a run committed, by its id; or the last snapshot at a time."""
    (snapshot,) = con.execute(
        "select max(snapshot_id) from ducklake_snapshots(?) where commit_message = ?", [CATALOG, as_of]
    ).fetchone()
    if snapshot is not None:
        return snapshot
    try:
        moment = datetime.fromisoformat(as_of)
    except ValueError:
        raise NoSuchSnapshot(
            f"--as-of {as_of}: no run with that id committed to {CATALOG}, and it is not a time (2026-11-30T02:00)"
        ) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    (snapshot,) = con.execute(
        "select max(snapshot_id) from ducklake_snapshots(?) where snapshot_time <= ?", [CATALOG, moment]
    ).fetchone()
    if snapshot is None:
        raise NoSuchSnapshot(f"--as-of {as_of}: the catalog has no snapshot that early")
    return snapshot


def commit(con: duckdb.DuckDBPyConnection, message: str | None) -> None:
    """Commit the run's transaction: the new snapshot, which records `message` (the run id)."""
    if message:
        con.execute(f"call {CATALOG}.set_commit_message('vnews', {sql_literal(message)})")
    con.execute("commit")


def uncommitted_files(con: duckdb.DuckDBPyConnection, remove: bool = False) -> int:
    """How many data files no snapshot names (written by a run killed before its commit); with `remove`, delete
    them. Only a holder of the writer lock may remove: another writer's files are uncommitted until it commits."""
    return con.execute(
        f"select count(*) from ducklake_delete_orphaned_files('{CATALOG}', older_than => now(), "
        f"dry_run => {not remove})"
    ).fetchone()[0]


@contextmanager
def writer_lock(paths: DataPaths) -> Iterator[None]:
    """One writer at a time, held through a PostgreSQL catalog: an advisory lock, which the server frees when the
    holder's connection ends, killed or not. (A SQLite catalog's writers hold `lock_file`.)"""
    import psycopg

    try:
        session = psycopg.connect(_target(paths), autocommit=True)
    except psycopg.Error as error:
        raise _unreachable(paths, error) from None
    with session:
        if not session.execute("select pg_try_advisory_lock(%s)", [WRITER_LOCK_KEY]).fetchone()[0]:
            raise WriterBusy(f"another vnews run (maybe on another machine) is writing to {catalog_name(paths)}")
        yield
