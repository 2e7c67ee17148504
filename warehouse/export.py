"""Export the warehouse for BI tools: every table and view as files with a manifest, or one DuckDB file."""

import json
import os
from pathlib import Path

import duckdb

from warehouse.schema import apply_migrations, create_views
from warehouse.tables import all_specs, spec
from warehouse.tables.spec import TableSpec

FORMATS = {"parquet": "(format parquet)", "csv": "(format csv, header true)"}


def relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of everything analysts see: the tables of schema main (by their specs), the views."""
    views = con.execute("""
        select table_name from information_schema.tables
        where table_catalog = current_database() and table_schema = 'main' and table_type = 'VIEW'
        order by table_name""").fetchall()
    tables = sorted(table.name for table in all_specs() if table.schema == "main")
    return [(name, "table") for name in tables] + [(name, "view") for (name,) in views]


def _from_spec(table: TableSpec) -> dict:
    """What a table's spec says of it, for the manifest."""
    return {"role": table.role, "grain": table.grain, "key": list(table.key), "description": table.description}


def export_warehouse(con: duckdb.DuckDBPyConnection, out_dir: Path, file_format: str) -> tuple[Path, list[dict]]:
    """Write <out_dir>/<name>.<format> for each table and view, and <out_dir>/manifest.json; return the manifest's
    path and its relations (name, kind, file, rows, columns; for a table, its role, grain, key and descriptions)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, kind in relations(con):
        target = out_dir / f"{name}.{file_format}"
        con.execute(f"copy (select * from {name}) to '{target}' {FORMATS[file_format]}")
        table = spec(name) if kind == "table" else None
        described = {c.name: {"description": c.description} for c in table.columns} if table else {}
        columns = [
            {"name": column, "type": column_type} | described.get(column, {})
            for column, column_type, *_ in con.execute(f"describe {name}").fetchall()
        ]
        rows = con.execute(f"select count(*) from {name}").fetchone()[0]
        manifest.append(
            {"name": name, "kind": kind, "file": target.name, "rows": rows}
            | (_from_spec(table) if table else {})
            | {"columns": columns}
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
        f"{schema}.{table}"
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ? "
            "and schema_name in ('main', 'internal') order by all",
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
            con.execute(f"delete from snapshot.{table}")  # the rows the migrations wrote (_migrations)
            con.execute(f"insert into snapshot.{table} by name select * from {source}.{table}")
        create_views(con)
        con.execute(f"use {source}")
    finally:
        con.execute("detach snapshot")
    os.replace(partial, out)
    return tables
