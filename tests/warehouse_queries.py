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
    snap = {}
    for table in CONTENT_TABLES:
        kept = ", ".join(c for c in columns(data_dir, table) if c not in drop)
        snap[table] = query(data_dir, f"select {kept} from {table} order by all")
    return snap
