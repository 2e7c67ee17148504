"""Read a finished warehouse the way an analyst would: through a read-only DuckDB connection."""

from pathlib import Path

import duckdb

from vnews.contract import CONTENT_TABLES


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
