"""Build the next warehouse beside the current one, and publish it only when it is valid.

The published file is never opened for writing: a run copies it to a candidate,
loads tonight's staged Parquet into the candidate batch by batch (each batch matched
against everything loaded before it), validates each batch, and renames the candidate
over the old file. On DuckLake (warehouse/ducklake.py) the candidate is one transaction
of the catalog instead, and publishing is its commit. A run killed at any moment leaves
the published warehouse as it was, and readers never wait for a writer. Nor does a run wait for a client
that holds the published file open read-write: it reads a copy of the file's bytes instead.
"""

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from vnews.defaults import NEWSROOM_TIMEZONE
from vnews.errors import ActionableError
from vnews.paths import DataPaths
from warehouse import ducklake
from warehouse.lake import lake_files, publish_staged_run, recorded_failed
from warehouse.schema import (
    BATCH_TABLES,
    DERIVED_TABLES,
    apply_migrations,
    create_base_macros,
    create_views,
    pending_migrations,
    sql_literal,
    transaction,
    whole_run_transaction,
)
from warehouse.tables import CONTENT_TABLES, qualified

LOAD_DIR = Path(__file__).parent / "load"
RECORD_DIR = Path(__file__).parent / "record"
DERIVED_DIR = Path(__file__).parent / "derived"
# DuckDB's memory for the candidate, most of it a cache of table blocks. Validation queries read only
# what one batch touches and the load's joins spill to disk, so this need not grow with the warehouse;
# raise it if a run fails with DuckDB's "Out of Memory".
CANDIDATE_MEMORY_LIMIT = os.environ.get("VNEWS_DUCKDB_MEMORY_LIMIT", "512MB")


@dataclass(frozen=True)
class KnownState:
    files: dict[str, str]  # content_sha256 of files ingested by earlier runs -> doc_id
    doc_ids: set[str]
    stats: dict[tuple[str, int, int], str]  # (source_path, size_bytes, mtime_ns) seen before -> content_sha256
    files_this_run: dict[str, str] = field(default_factory=dict)  # the same, for earlier batches of this run
    # (source_path, size_bytes, mtime_ns) quarantined by an earlier run -> (content_sha256, reason): not read again
    quarantined: dict[tuple[str, int, int], tuple[str, str]] = field(default_factory=dict)
    # (export path, size_bytes, mtime_ns) of crawler exports read before -> what became of each of their records
    exports: dict[tuple[str, int, int], list["KnownRecord"]] = field(default_factory=dict)

    def has_seen(self, stats: tuple[str, int, int]) -> bool:
        """Whether an earlier run read or quarantined a file of this path, size and modification time."""
        return stats in self.stats or stats in self.quarantined or stats in self.exports

    def remember(self, source_files: list[dict]) -> None:
        """Add a batch's files and documents, so the run's later batches see them."""
        for row in source_files:
            if row["doc_id"] is not None and row["content_sha256"] not in self.files:
                self.files_this_run.setdefault(row["content_sha256"], row["doc_id"])
                self.doc_ids.add(row["doc_id"])


@dataclass(frozen=True)
class KnownRecord:
    """A record of a crawler export (or what stopped the reading of the export) as an earlier run recorded it."""

    source_path: str
    content_sha256: str | None
    size_bytes: int | None
    doc_id: str | None  # None: quarantined, for `reason`
    reason: str | None


# What DuckDB raises when a write connection is refused because a reader has the file open: another
# process's lock, or a read-only connection of this process.
HELD_BY_A_READER = (duckdb.IOException, duckdb.ConnectionException)


class WarehouseUnreadable(ActionableError):
    """The warehouse file exists but DuckDB cannot open it (truncated, corrupted, not a database)."""


class WarehouseHeld(ActionableError):
    """Another process holds the warehouse file open read-write, so it cannot be opened read-only."""


def _held(path: Path, error: duckdb.Error) -> WarehouseHeld:
    """WarehouseHeld naming the process DuckDB's lock message names."""
    holder = re.search(r"lock is held in (.*) \(PID (\d+)\)", str(error))
    who = f"process {holder[2]} ({holder[1]})" if holder else "another process"
    return WarehouseHeld(
        f"{path} is held open read-write by {who}; close that client or reconnect it read-only "
        '(docs/querying.md, "Connect a BI tool"), then try again'
    )


def _open(path: Path, **options) -> duckdb.DuckDBPyConnection:
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


def warehouse_exists(paths: DataPaths) -> bool:
    """Whether a run has published a warehouse yet (the file, or the DuckLake catalog)."""
    return ducklake.exists(paths) if paths.ducklake else paths.warehouse.exists()


def connect_published(paths: DataPaths, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse (on DuckLake: its last snapshot, or the one `as_of`
    names), configured as ducklake.READER_CONFIG says."""
    if paths.ducklake:
        return ducklake.connect(paths, read_only=True, as_of=as_of)
    if as_of is not None:
        raise ActionableError(
            "--as-of reads an earlier snapshot of a DuckLake warehouse; the DuckDB file keeps "
            "only its last state (see docs/scaling.md)"
        )
    return _open(paths.warehouse, read_only=True, config=ducklake.READER_CONFIG)


@contextmanager
def reading_published(paths: DataPaths):
    """connect_published for a run: while a client holds the file open read-write, a read-only connection to
    a copy of its bytes instead, so a run never needs a lock on the published file."""
    try:
        con = connect_published(paths)
    except WarehouseHeld:
        with tempfile.TemporaryDirectory(dir=paths.root, prefix=".reading-") as folder:
            copy = Path(folder) / paths.warehouse.name
            shutil.copyfile(paths.warehouse, copy)
            if paths.wal(paths.warehouse).exists():
                shutil.copyfile(paths.wal(paths.warehouse), paths.wal(copy))
            with _open(copy, read_only=True, config=ducklake.READER_CONFIG) as con:
                yield con
        return
    with con:
        yield con


def connect_beside(paths: DataPaths, as_of: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the published warehouse attached read-only and in use: other databases can be
    attached writable beside it (a file opened read-only allows no writable neighbour)."""
    if paths.ducklake:
        return connect_published(paths, as_of)
    with connect_published(paths, as_of):  # a damaged file is reported here, in one line
        pass
    con = duckdb.connect()
    con.execute(f"attach '{paths.warehouse}' as warehouse (read_only)")
    con.execute("use warehouse")
    return con


def run_in_progress(paths: DataPaths) -> bool:
    """Whether a run holds the writer lock now (the data directory's, or the DuckLake catalog's)."""
    from filelock import FileLock, Timeout

    if paths.catalog_holds_lock:
        try:
            with ducklake.writer_lock(paths):
                return False
        except ducklake.WriterBusy:
            return True
    try:
        with FileLock(paths.lock, timeout=0):
            return False
    except Timeout:
        return True


def connect_reader(
    paths: DataPaths,
    allow_files: bool = False,
    timezone: str | None = NEWSROOM_TIMEZONE,
    as_of: str | None = None,
    memory_limit: str | None = None,
    writes_into: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """A read-only connection for people's queries, with time-zoned values shown in `timezone`.

    It cannot read or write files (COPY, EXPORT, read_csv, …) unless `allow_files`, except the DuckLake
    catalog's data files and the folder `writes_into` (both without symlinks); its settings are locked, so a
    query cannot switch that back. What `vnews sql` runs on it is checked by reader_sql first.
    """
    con = connect_published(paths, as_of)
    create_base_macros(con)
    folders = ([ducklake.data_path(con)] if paths.ducklake else []) + ([writes_into] if writes_into else [])
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


def published_known_state(paths: DataPaths, retry_quarantined: bool = False) -> KnownState | None:
    """What the published warehouse holds of the input files; None if there is none or it needs migrating."""
    if not warehouse_exists(paths):
        return None
    with reading_published(paths) as con:
        return None if pending_migrations(con) else read_known_state(con, retry_quarantined)


def read_known_state(con: duckdb.DuckDBPyConnection, retry_quarantined: bool = False) -> KnownState:
    """What the warehouse behind `con` already holds of the input files (with `retry_quarantined`, the files it
    quarantined are not known: they are read again)."""
    files = dict(
        con.execute(
            "select content_sha256, any_value(doc_id) from source_files where doc_id is not null group by 1"
        ).fetchall()
    )
    doc_ids = {doc_id for (doc_id,) in con.execute("select doc_id from documents").fetchall()}
    stats = {
        (path, size, mtime): sha
        for path, size, mtime, sha in con.execute(
            "select distinct source_path, size_bytes, mtime_ns, content_sha256 from source_files"
            " where doc_id is not null and mtime_ns is not null and export_path is null"
        ).fetchall()
    }
    quarantined = (
        {}
        if retry_quarantined
        else {
            (path, size, mtime): (sha, reason)
            for path, size, mtime, sha, reason in con.execute(
                "select source_path, size_bytes, mtime_ns, content_sha256, any_value(reason) from source_files"
                " where status = 'quarantined' and mtime_ns is not null and export_path is null"
                " group by all"
            ).fetchall()
        }
    )
    return KnownState(files, doc_ids, stats, quarantined=quarantined, exports=_known_exports(con, retry_quarantined))


def _known_exports(
    con: duckdb.DuckDBPyConnection, retry_quarantined: bool
) -> dict[tuple[str, int, int], list[KnownRecord]]:
    """The records of each export read before, by (path, size, modification time); a record loaded once is
    loaded (any_value skips nulls). With `retry_quarantined`, an export with a quarantined record is not known."""
    exports: dict[tuple[str, int, int], list[KnownRecord]] = {}
    for path, size, mtime, *record in con.execute("""
            select export_path, export_size_bytes, mtime_ns, source_path, any_value(content_sha256),
                   any_value(size_bytes), any_value(doc_id), any_value(reason)
            from source_files where export_path is not null and mtime_ns is not null
            group by export_path, export_size_bytes, mtime_ns, source_path
            order by all""").fetchall():
        exports.setdefault((path, size, mtime), []).append(KnownRecord(*record))
    if retry_quarantined:
        exports = {key: records for key, records in exports.items() if all(r.doc_id for r in records)}
    return exports


def note_reasons(con: duckdb.DuckDBPyConnection, source_files: list[dict]) -> None:
    """Set the reason of source_files rows already loaded (a stage after the load noted a problem)."""
    if not source_files:
        return
    with registered(
        con,
        "noted_source_files",
        pa.Table.from_pylist([{key: row[key] for key in ("run_id", "source_path", "reason")} for row in source_files]),
    ):
        con.execute(
            "update source_files set reason = noted.reason from noted_source_files as noted"
            " where source_files.run_id = noted.run_id and source_files.source_path = noted.source_path"
        )


def sentences_behind(con: duckdb.DuckDBPyConnection, version: str, limit: int, after: str = "") -> list[dict]:
    """Sentences (id, text, first document) that an extractor other than `version` tagged, whole articles at a time
    (a short form is linked to the full name its article gives): those of the articles after `after` (a first
    document id), in order, up to the article that reaches `limit` sentences."""
    rows = con.execute(
        """
        with behind as (
            select sentence_id, text, first_doc_id from sentences
            where extractor_version is distinct from $version and first_doc_id > $after),
        articles as (
            select first_doc_id, sum(count(*)) over (order by first_doc_id) - count(*) as sentences_before
            from behind group by first_doc_id)
        select sentence_id, text, first_doc_id from behind
        semi join (select first_doc_id from articles where sentences_before < $limit) using (first_doc_id)
        order by first_doc_id, sentence_id""",
        {"version": version, "after": after, "limit": limit},
    ).fetchall()
    return [{"sentence_id": sentence_id, "text": text, "first_doc_id": doc_id} for sentence_id, text, doc_id in rows]


def people(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str, int]]:
    """(entity id, name, type, articles) of every person in the warehouse, and of every one-word name."""
    return con.execute(
        "select entity_id, name, type, n_documents from entities"
        " where type = 'PER' or (type <> 'DATE' and not contains(name, ' '))"
    ).fetchall()


def count_sentences_behind(paths: DataPaths, version: str) -> int:
    """How many sentences of the published warehouse an older extractor tagged (0 if there is no warehouse)."""
    if not warehouse_exists(paths):
        return 0
    with reading_published(paths) as con:
        if pending_migrations(con):  # a warehouse older than the extractor versions: all of it
            return con.execute("select count(*) from sentences").fetchone()[0]
        return con.execute(
            f"select count(*) from sentences where extractor_version is distinct from '{version}'"
        ).fetchone()[0]  # inline: binding would import pandas on a quiet night


@contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table):
    """An Arrow table as the view `name` of `con` for the duration of the block."""
    con.register(name, table)
    try:
        yield
    finally:
        con.unregister(name)


def run_filter(con: duckdb.DuckDBPyConnection, runs_query: str) -> str:
    """`run_id in (...)` naming as literals the runs `runs_query` finds: DuckLake then reads only the data files
    those runs wrote (by the files' run_id statistics), not every row's text."""
    runs = [sql_literal(run) for (run,) in con.execute(runs_query).fetchall()]
    return f"run_id in ({', '.join(runs)})" if runs else "false"


STAGED_RUNS = "select distinct run_id from stg_documents"  # the runs of the staged documents


def staged_runs(con: duckdb.DuckDBPyConnection) -> str:
    """A filter on the runs of the staged documents (`stg_documents`)."""
    return run_filter(con, STAGED_RUNS)


def known_sentence_ids(con: duckdb.DuckDBPyConnection, sentence_ids: list[str]) -> set[str]:
    """Which of these sentence ids the warehouse behind `con` already holds."""
    if not sentence_ids:
        return set()
    with registered(con, "candidates", pa.table({"sentence_id": sentence_ids})):
        rows = con.execute("select sentence_id from sentences semi join candidates using (sentence_id)").fetchall()
    return {sentence_id for (sentence_id,) in rows}


def near_dup_candidates(con: duckdb.DuckDBPyConnection, keys: pa.Table) -> list[tuple[str, str, str, str]]:
    """(new id, old id, old text, old group) for warehouse sentences sharing an LSH band key with `keys`."""
    if keys.num_rows == 0:
        return []
    with registered(con, "tonight", keys):
        return con.execute("""
            select distinct tonight.sentence_id, old.sentence_id, s.text, s.near_dup_group
            from tonight
            join internal._near_dup_bands as old using (band, band_key)
            join sentences as s on s.sentence_id = old.sentence_id""").fetchall()


def _create_staging_views(con: duckdb.DuckDBPyConnection, files_by_table: dict[str, list[Path]]) -> None:
    """stg_<table>: the staged Parquet of a table, cast to the table's columns (empty if no file)."""
    for table, files in files_by_table.items():
        if files:
            source = f"read_parquet({[str(f) for f in files]!r}, union_by_name = true)"
            con.execute(f"create or replace temp view stg_{table} as select * from {source}")
        else:
            con.execute(f"create or replace temp view stg_{table} as select * from {qualified(table)} limit 0")


def _run_scripts(con: duckdb.DuckDBPyConnection, scripts: list[Path]) -> None:
    """Run the SQL scripts in one transaction (or in the run's, on DuckLake)."""
    with transaction(con):
        for script in scripts:
            con.execute(script.read_text(encoding="utf-8"))


def _row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t: con.sql(f"select count(*) from {t}").fetchone()[0] for t in CONTENT_TABLES}


def discard_candidate(paths: DataPaths) -> None:
    for path in (paths.candidate_warehouse, paths.wal(paths.candidate_warehouse)):
        path.unlink(missing_ok=True)


def open_migrated(path: Path) -> duckdb.DuckDBPyConnection:
    """A writable warehouse at `path` (new if there is none), migrated to the current schema, its views made."""
    con = _open(path, config={"memory_limit": CANDIDATE_MEMORY_LIMIT})
    apply_migrations(con)
    create_views(con)
    return con


@contextmanager
def candidate(paths: DataPaths):
    """A writable copy of the published warehouse (or a new one), migrated to the current schema.

    Whatever was not published by `publish_candidate` is discarded on leaving. On DuckLake the candidate is a
    transaction of the catalog, begun before the migrations, so the run commits one snapshot or none.
    """
    if paths.ducklake:
        with _ducklake_candidate(paths) as con:
            yield con
        return
    discard_candidate(paths)
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
        discard_candidate(paths)


@contextmanager
def _ducklake_candidate(paths: DataPaths):
    con = ducklake.connect(paths, memory_limit=CANDIDATE_MEMORY_LIMIT)
    try:
        with whole_run_transaction(con):
            ducklake.set_data_file_options(con)
            apply_migrations(con)
            create_views(con, temporary_macros=True)
            yield con
    finally:
        con.close()  # an uncommitted transaction is rolled back


def _load(con: duckdb.DuckDBPyConnection, staged: dict[str, Path], tables: tuple[str, ...], scripts: list[Path]) -> int:
    """Create the staging views of `tables` and run the scripts in one transaction; return the content rows added."""
    before = _row_counts(con)
    _create_staging_views(con, {table: [staged[table]] if table in staged else [] for table in tables})
    _run_scripts(con, scripts)
    after = _row_counts(con)
    return sum(after[t] - before[t] for t in CONTENT_TABLES)


def load_batch(con: duckdb.DuckDBPyConnection, staged: dict[str, Path]) -> int:
    """Load one staged batch into the candidate in one transaction; return the rows added.

    The derived tables' staging views are created empty, for the suites of a load without them.
    """
    return _load(con, staged, (*BATCH_TABLES, *DERIVED_TABLES), sorted(LOAD_DIR.glob("*.sql")))


def load_derived(con: duckdb.DuckDBPyConnection, staged: dict[str, Path]) -> int:
    """Load what was derived from a batch once its content was in (stories, quotations) in one transaction;
    return the rows added."""
    return _load(con, staged, DERIVED_TABLES, sorted(DERIVED_DIR.glob("*.sql")))


def _record_views(con: duckdb.DuckDBPyConnection, paths: DataPaths, staged: dict[str, Path]) -> None:
    """stg_runs and stg_validation_results: tonight's staged rows and any that failed runs left in the lake."""
    _create_staging_views(
        con,
        {
            table: [*lake_files(paths, table), *([staged[table]] if table in staged else [])]
            for table in ("runs", "validation_results")
        },
    )


def record_runs(con: duckdb.DuckDBPyConnection, paths: DataPaths, staged: dict[str, Path]) -> None:
    """Add run and validation rows: tonight's staged ones and any that failed runs left in the lake."""
    _record_views(con, paths, staged)
    _run_scripts(con, sorted(RECORD_DIR.glob("*.sql")))


def _record_quiet_night(con: duckdb.DuckDBPyConnection, paths: DataPaths, staged: dict[str, Path]) -> None:
    _create_staging_views(
        con, {table: [staged[table]] if table in staged else [] for table in ("source_files", "quarantine")}
    )
    _record_views(con, paths, staged)
    _run_scripts(con, [LOAD_DIR / "010_audit.sql", *sorted(RECORD_DIR.glob("*.sql"))])


def record_in_place(paths: DataPaths, staged: dict[str, Path], run_id: str) -> str:
    """Add a quiet night's audit rows (source_files, runs) to the published warehouse in one transaction.

    Nothing is copied: the rows are a few per file. If a reader holds the file open, the rows go
    into a candidate copy that is swapped in instead, so no reader is disturbed. Returns which.
    """
    if paths.ducklake:
        with candidate(paths) as con:
            _record_quiet_night(con, paths, staged)
            publish_candidate(con, paths, run_id)
        return "committed to the catalog"
    try:
        con = duckdb.connect(str(paths.warehouse))
    except HELD_BY_A_READER:
        with candidate(paths) as con:
            _record_quiet_night(con, paths, staged)
            publish_candidate(con, paths, run_id)
        return "copied and swapped in: a reader held the file"
    try:
        _record_quiet_night(con, paths, staged)
        con.execute("checkpoint")
    finally:
        con.close()
    return "in place"


def publish_candidate(con: duckdb.DuckDBPyConnection, paths: DataPaths, run_id: str) -> None:
    """Checkpoint and close the candidate, then atomically rename it over the published warehouse; on DuckLake,
    commit the run's transaction as a snapshot that names `run_id`."""
    if paths.ducklake:
        ducklake.commit(con, run_id)
        return
    con.execute("checkpoint")
    con.close()
    wal = paths.wal(paths.candidate_warehouse)
    if wal.exists():
        raise RuntimeError(f"candidate warehouse still has a write-ahead log: {wal}")
    os.replace(paths.candidate_warehouse, paths.warehouse)
    paths.wal(paths.warehouse).unlink(missing_ok=True)  # the old file's log, already inside the candidate


def finish_earlier_publishes(paths: DataPaths) -> None:
    """Finish what killed or failed runs left (called by the run that takes the writer lock, before it stages
    anything): remove a killed run's candidate and fold a quiet night's log into the warehouse (on DuckLake:
    delete the data files it never committed); move staged batches of runs the warehouse records as completed
    (killed after their swap) into the lake, and remove the other staged folders but a failed run's, kept
    for inspection until a later run completes (`staged_leftover`)."""
    published = warehouse_exists(paths)
    remove_stale_reading_copies(paths)
    if not paths.ducklake:
        discard_candidate(paths)
        checkpoint_leftover_log(paths)
    elif published:
        with ducklake.connect(paths) as con:
            ducklake.uncommitted_files(con, remove=True)
    if not paths.staging.is_dir():
        return
    status = {}
    if published:
        with reading_published(paths) as con:
            status = dict(con.execute("select run_id, status from runs").fetchall())
    for staged in paths.staging.iterdir():
        leftover = staged_leftover(paths, staged.name, status)
        if leftover == "completed":
            publish_staged_run(paths, staged.name)
        elif leftover != "kept":
            shutil.rmtree(staged)


def remove_stale_reading_copies(paths: DataPaths, older_than_s: float = 3600) -> None:
    """Remove the copies `reading_published` made for runs killed while they read one (a live run's copy lasts
    seconds; it may be made outside the writer lock, hence the age)."""
    for folder in paths.root.glob(".reading-*"):
        with suppress(OSError):
            if time.time() - folder.stat().st_mtime > older_than_s:
                shutil.rmtree(folder)


def staged_leftover(paths: DataPaths, run_id: str, status: dict[str, str]) -> str:
    """What the staged folder of an earlier run is, given the warehouse's run statuses: "completed" (its swap
    happened), "kept" (a failed run's batches, kept for inspection until a later run completes and carries
    its record into the warehouse), "failed" (that has happened) or "killed" (no record of it)."""
    if run_id in status:
        return status[run_id]
    return "kept" if recorded_failed(paths, run_id) else "killed"


def checkpoint_leftover_log(paths: DataPaths) -> None:
    """Fold a write-ahead log left by a killed quiet night into the warehouse file (readers see it already).

    If a reader holds the file, the log stays; the next candidate copies it along.
    """
    if paths.wal(paths.warehouse).exists():
        try:
            _open(paths.warehouse).close()
        except HELD_BY_A_READER:
            pass
