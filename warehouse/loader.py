"""Load staged Parquet into a candidate warehouse (warehouse/backends.py builds and publishes it), and read
what the warehouse already holds of the input.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from vnews.paths import DataPaths
from warehouse.backends import Warehouse
from warehouse.lake import lake_files
from warehouse.schema import BATCH_TABLES, DERIVED_TABLES, pending_migrations, sql_literal, transaction
from warehouse.tables import CONTENT_TABLES, qualified

LOAD_DIR = Path(__file__).parent / "load"
RECORD_DIR = Path(__file__).parent / "record"
DERIVED_DIR = Path(__file__).parent / "derived"


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


def published_known_state(paths: DataPaths, retry_quarantined: bool = False) -> KnownState | None:
    """What the published warehouse holds of the input files; None if there is none or it needs migrating."""
    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        return None
    with warehouse.reading() as con:
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
              and not (status = 'unchanged' and source_path = export_path)  -- an unchanged export's own row
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
    warehouse = Warehouse.of(paths)
    if not warehouse.exists():
        return 0
    with warehouse.reading() as con:
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
    """Add a quiet night's audit rows (source_files, runs) to the published warehouse in one transaction, without
    copying it where the backend allows (`Warehouse.record_in_place`); returns how."""
    return Warehouse.of(paths).record_in_place(lambda con: _record_quiet_night(con, paths, staged), run_id)
