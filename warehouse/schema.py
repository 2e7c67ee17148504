"""The warehouse's schema: numbered migrations for tables (each applied once, in a transaction, and recorded),
their comments from the table specs (warehouse/tables/), and one file per analyst view (re-created whenever a run
opens the warehouse for writing)."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.tables import all_specs, tables

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATIONS_TABLE = "internal._migrations"  # which migrations a warehouse has applied (main._migrations before 0.12)
VIEWS_DIR = Path(__file__).parent / "views"
MACROS_DIR = Path(__file__).parent / "macros"
# Macros that read no table and that migrations and queries build on: made for the session before the migrations
# run, and on a reader's connection (a warehouse file written by an older vnews does not hold them yet).
BASE_MACROS = ("fold.sql",)
# What a run stages and loads with each batch: every content and audit table but runs and validation_results,
# which are written after validation (warehouse/tables/ says which table is staged when).
BATCH_TABLES = tables(staged="batch")
# What is derived from a batch once its content is in the candidate (stories, quotations), then staged and
# loaded by the scripts in warehouse/derived/.
DERIVED_TABLES = tables(staged="derived")


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


def recorded_migrations(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The migrations the warehouse behind `con` records: in `internal._migrations`, or `main._migrations` where a
    vnews before 0.12 kept them (none for an empty database)."""
    schemas = {
        schema
        for (schema,) in con.execute(
            "select table_schema from information_schema.tables"
            " where table_catalog = current_database() and table_name = '_migrations'"
        ).fetchall()
    }
    schema = "internal" if "internal" in schemas else "main" if "main" in schemas else None
    return {name for (name,) in con.execute(f"select name from {schema}._migrations").fetchall()} if schema else set()


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[Path]:
    """The migrations not yet recorded in the warehouse behind `con` (all of them for an empty database)."""
    applied = recorded_migrations(con)
    return [path for path in sorted(MIGRATIONS_DIR.glob("*.sql")) if path.name not in applied]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Move the internal tables an older vnews made in main to their schema, apply the migrations not yet recorded
    in _migrations, then the specs' comments; return the migrations' names."""
    newly_applied = []
    pending = pending_migrations(con)
    if pending:
        create_base_macros(con)
    with transaction(con):
        move_internal_tables(con)
        con.execute(
            f"create table if not exists {MIGRATIONS_TABLE} (name varchar not null, applied_at timestamp not null)"
        )
    for path in pending:
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            # The name inline, not bound: DuckDB imports pandas to bind a Python value (0.3 s a quiet night need not
            # pay).
            con.execute(f"insert into {MIGRATIONS_TABLE} values ('{path.name}', now()::timestamp)")
        newly_applied.append(path.name)
    with transaction(con):
        apply_comments(con)
    return newly_applied


def move_internal_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Move the internal tables an older vnews made in schema main to the schema their specs give (the migrations
    now make them there), and its record of migrations to MIGRATIONS_TABLE, each copied and dropped: neither DuckDB
    nor DuckLake moves a table between schemas. Not a migration: a new warehouse's first run makes all its tables in
    one transaction, and DuckLake loses sight of a transaction's new tables once it drops one of them."""
    in_main = con.execute("""
        select table_name from duckdb_tables()
        where database_name = current_database() and schema_name = 'main'""").fetchall()
    moved = [spec.qualified_name for spec in all_specs() if spec.schema != "main" and (spec.name,) in in_main]
    con.execute("create schema if not exists internal")
    for qualified in [*moved, *([MIGRATIONS_TABLE] if ("_migrations",) in in_main else [])]:
        name = qualified.split(".", 1)[1]
        con.execute(f"create table {qualified} as select * from main.{name}")
        con.execute(f"drop table main.{name}")


def create_macros(con: duckdb.DuckDBPyConnection, temporary: bool = False) -> None:
    """(Re)create the SQL macros of warehouse/macros/: stored in the database, or, on DuckLake, which cannot store
    them, for this connection only (`temporary`). A warehouse an older vnews wrote gets only the BASE_MACROS until a
    run migrates it: the others may read tables in places its migrations have yet to make."""
    if pending_migrations(con):
        create_base_macros(con)
        return
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


def apply_comments(con: duckdb.DuckDBPyConnection) -> None:
    """Set the COMMENT of every table and column (what BI tools show) to its spec's description where the
    warehouse holds another. DuckLake keeps comments in its catalog too."""
    held = dict(
        con.execute("""
            select schema_name || '.' || table_name, comment from duckdb_tables()
            where database_name = current_database()""").fetchall()
    )
    # a query of its own: DuckDB has crashed (a segfault) reading duckdb_tables() and duckdb_columns() in one query
    # of a DuckLake catalog
    held.update(
        con.execute("""
            select schema_name || '.' || table_name || '.' || column_name, comment from duckdb_columns()
            where database_name = current_database()""").fetchall()
    )
    wanted = {}
    for spec in all_specs():
        wanted[("table", f"{spec.schema}.{spec.name}")] = spec.description
        wanted |= {("column", f"{spec.schema}.{spec.name}.{c.name}"): c.description for c in spec.columns}
    for (kind, name), text in wanted.items():
        if held.get(name) != text:
            con.execute(f"comment on {kind} {name} is {sql_literal(text)}")


@cache
def _table_schemas() -> dict[str, pa.Schema]:
    """Every warehouse table's Arrow schema, read once per process from an empty database the migrations built."""
    con = duckdb.connect()
    apply_migrations(con)
    return {spec.name: con.sql(f"select * from {spec.qualified_name} limit 0").arrow().schema for spec in all_specs()}


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a warehouse table, so lake files and tables share one definition."""
    return _table_schemas()[table]
