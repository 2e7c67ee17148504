"""Export the warehouse for BI tools: every table and view as files with a manifest, or one DuckDB file."""

import json
import os
from pathlib import Path

import duckdb

from warehouse.schema import apply_migrations, create_views

FORMATS = {"parquet": "(format parquet)", "csv": "(format csv, header true)"}


def relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of everything analysts see in schema main."""
    return con.execute("""
        select table_name, case table_type when 'VIEW' then 'view' else 'table' end
        from information_schema.tables
        where table_catalog = current_database() and table_schema = 'main' and not starts_with(table_name, '_')
        order by table_type, table_name""").fetchall()


def export_warehouse(con: duckdb.DuckDBPyConnection, out_dir: Path, file_format: str) -> tuple[Path, list[dict]]:
    """Write <out_dir>/<name>.<format> for each table and view, and <out_dir>/manifest.json; return the manifest's
    path and its relations (name, kind, file, rows, columns)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, kind in relations(con):
        target = out_dir / f"{name}.{file_format}"
        con.execute(f"copy (select * from {name}) to '{target}' {FORMATS[file_format]}")
        described = con.execute(f"describe {name}").fetchall()
        manifest.append(
            {
                "name": name,
                "kind": kind,
                "file": target.name,
                "rows": con.execute(f"select count(*) from {name}").fetchone()[0],
                "columns": [{"name": column, "type": column_type} for column, column_type, *_ in described],
            }
        )
    manifest_path = out_dir / "manifest.json"
    manifest_path.write_text(json.dumps({"format": file_format, "relations": manifest}, indent=1), encoding="utf-8")
    return manifest_path, manifest


def write_snapshot(con: duckdb.DuckDBPyConnection, out: Path) -> list[str]:
    """Write the warehouse `con` reads (an in-memory DuckDB with it attached and in use) as one DuckDB file in
    DuckDB 1.4's storage format, for BI tools that cannot load DuckLake: the same tables, then the macros and
    views. The file appears whole or not at all. Returns the tables written."""
    source = con.execute("select current_database()").fetchone()[0]
    tables = [
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where database_name = ? "
            "and schema_name = 'main' order by table_name",
            [source],
        ).fetchall()
    ]
    partial = out.with_name(out.name + ".tmp")
    partial.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"attach '{partial}' as snapshot (storage_version 'v1.4.0')")
    try:
        con.execute("use snapshot")
        apply_migrations(con)  # the file warehouse's own tables, constraints and all
        for table in tables:
            con.execute(f"delete from snapshot.main.{table}")  # the rows the migrations wrote (_migrations)
            con.execute(f"insert into snapshot.main.{table} by name select * from {source}.main.{table}")
        create_views(con)
        con.execute(f"use {source}")
    finally:
        con.execute("detach snapshot")
    os.replace(partial, out)
    return tables
