"""Read a finished warehouse the way an analyst would: through a read-only DuckDB connection."""

from pathlib import Path

import duckdb

from warehouse.tables import CONTENT_TABLES, all_specs


def query(data_dir: Path, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def columns(data_dir: Path, table: str) -> list[str]:
    return [name for (name, *_) in query(data_dir, f"describe {table}")]


def snapshot(data_dir: Path, drop: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every content table, sorted, without the dropped columns."""
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        return content_rows(con, drop)


def content_rows(con: duckdb.DuckDBPyConnection, drop: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every content table of the warehouse behind `con` (a file or DuckLake), sorted, without the
    dropped columns."""
    snap = {}
    for table in CONTENT_TABLES:
        kept = ", ".join(name for (name, *_) in con.execute(f"describe {table}").fetchall() if name not in drop)
        snap[table] = con.execute(f"select {kept} from {table} order by all").fetchall()
    return snap


def comments(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The warehouse's comment of each table (schema.table) and column (schema.table.column), but _migrations'
    (one catalog function per query: DuckDB has crashed reading both at once from a DuckLake catalog)."""
    tables = dict(
        con.execute("""
            select schema_name || '.' || table_name, comment from duckdb_tables()
            where database_name = current_database() and table_name <> '_migrations'""").fetchall()
    )
    columns = con.execute("""
        select schema_name || '.' || table_name, schema_name || '.' || table_name || '.' || column_name, comment
        from duckdb_columns() where database_name = current_database()""").fetchall()
    return tables | {column: comment for table, column, comment in columns if table in tables}


def spec_descriptions() -> dict[str, str]:
    """What comments() should find: the table specs' descriptions."""
    described = {}
    for table in all_specs():
        described[f"{table.schema}.{table.name}"] = table.description
        described |= {f"{table.schema}.{table.name}.{c.name}": c.description for c in table.columns}
    return described
