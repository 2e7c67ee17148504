"""The warehouse's schema: numbered migrations for tables (each applied once, in a transaction, and recorded)
and one file per analyst view (re-created whenever a run opens the warehouse for writing)."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
VIEWS_DIR = Path(__file__).parent / "views"
MACROS_DIR = Path(__file__).parent / "macros"
# Macros that read no table and that migrations and queries build on: made for the session before the migrations
# run, and on a reader's connection (a warehouse file written by an older vnews does not hold them yet).
BASE_MACROS = ("fold.sql",)
# What a run stages and loads: every content and audit table but runs and validation_results,
# which are written after validation.
BATCH_TABLES = (
    "source_files",
    "quarantine",
    "documents",
    "document_sentences",
    "sentences",
    "entities",
    "entity_mentions",
    "entity_aliases",
    "entity_relinks",
    "_near_dup_bands",
    "near_dup_relabels",
    "retagged_sentences",
    "publications",
    "amounts",
)
# What is derived from a batch once its content is in the candidate (stories, quotations), then staged and
# loaded by the scripts in warehouse/derived/.
DERIVED_TABLES = (
    "_document_fingerprints",
    "_story_features",
    "document_stories",
    "story_relabels",
    "quotations",
    "quotation_sentences",
)


def sql_literal(text: str) -> str:
    """`text` as a SQL string literal. A literal, unlike a bound parameter, is a filter DuckLake can skip data files
    with (by their column statistics)."""
    return "'" + text.replace("'", "''") + "'"


# Connections inside one transaction for a whole run (DuckLake, where the commit is the run's snapshot):
# the steps that take a transaction of their own join it instead.
_WHOLE_RUN_TRANSACTIONS: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A transaction for one step: its own, or part of the run's if `con` is in `whole_run_transaction`."""
    if id(con) in _WHOLE_RUN_TRANSACTIONS:
        yield
        return
    con.execute("begin transaction")
    yield
    con.execute("commit")


@contextmanager
def whole_run_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Begin one transaction that every step on `con` joins, until the block ends (commit it inside the block)."""
    con.execute("begin transaction")
    _WHOLE_RUN_TRANSACTIONS.add(id(con))
    try:
        yield
    finally:
        _WHOLE_RUN_TRANSACTIONS.discard(id(con))


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """The migrations not yet recorded in the warehouse behind `con` (all of them for an empty database)."""
    recorded = con.execute("select 1 from information_schema.tables where table_name = '_migrations'").fetchall()
    applied = {name for (name,) in con.execute("select name from _migrations").fetchall()} if recorded else set()
    return [path for path in sorted(MIGRATIONS_DIR.glob("*.sql")) if path.name not in applied]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded in _migrations; return their names."""
    con.execute("create table if not exists _migrations (name varchar not null, applied_at timestamp not null)")
    newly_applied = []
    pending = pending_migrations(con)
    if pending:
        create_base_macros(con)
    for path in pending:
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            # The name inline, not bound: DuckDB imports pandas to bind a Python value (0.3 s a quiet night need not
            # pay).
            con.execute(f"insert into _migrations values ('{path.name}', now()::timestamp)")
        newly_applied.append(path.name)
    return newly_applied


def create_macros(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """(Re)create the SQL macros of warehouse/macros/: stored in the database, or, on DuckLake, which cannot store
    them, for this connection only (`temporary`)."""
    for path in sorted(MACROS_DIR.glob("*.sql")):  # fold.sql first: the others use it
        _create_macro(con, path, temporary)


def create_base_macros(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the BASE_MACROS for this connection only."""
    for name in BASE_MACROS:
        _create_macro(con, MACROS_DIR / name, temporary=True)


def _create_macro(con: duckdb.DuckDBPyConnection, path: Path, temporary: bool) -> None:
    sql = path.read_text(encoding="utf-8")
    con.execute(sql.replace("create or replace macro", "create or replace temp macro") if temporary else sql)


def create_views(con: duckdb.DuckDBPyConnection, temporary_macros: bool = False) -> None:
    """(Re)create the macros and every analyst view from warehouse/views/, over the tables as the migrations left
    them."""
    with transaction(con):
        create_macros(con, temporary_macros)
        for path in sorted(VIEWS_DIR.glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))


@cache
def _table_schemas() -> dict[str, pa.Schema]:
    """Every warehouse table's Arrow schema, read once per process from an empty database the migrations built."""
    con = duckdb.connect()
    apply_migrations(con)
    tables = [table for (table,) in con.execute("select table_name from duckdb_tables()").fetchall()]
    return {table: con.sql(f"select * from {table} limit 0").arrow().schema for table in tables}


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a warehouse table, so lake files and tables share one definition."""
    return _table_schemas()[table]
