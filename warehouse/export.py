"""Export every table and view of the warehouse as files for BI tools, with a manifest."""

import json
from pathlib import Path

import duckdb

FORMATS = {"parquet": "(format parquet)", "csv": "(format csv, header true)"}


def relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, 'table' | 'view') of everything analysts see in schema main."""
    return con.execute("""
        select table_name, case table_type when 'VIEW' then 'view' else 'table' end
        from information_schema.tables
        where table_schema = 'main' and not starts_with(table_name, '_')
        order by table_type, table_name""").fetchall()


def export_warehouse(con: duckdb.DuckDBPyConnection, out_dir: Path, file_format: str) -> Path:
    """Write <out_dir>/<name>.<format> for each table and view, and <out_dir>/manifest.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for name, kind in relations(con):
        target = out_dir / f"{name}.{file_format}"
        con.execute(f"copy (select * from {name}) to '{target}' {FORMATS[file_format]}")
        described = con.execute(f"describe {name}").fetchall()
        manifest.append({
            "name": name,
            "kind": kind,
            "file": target.name,
            "rows": con.execute(f"select count(*) from {name}").fetchone()[0],
            "columns": [{"name": column, "type": column_type} for column, column_type, *_ in described],
        })
    manifest_path = out_dir / "manifest.json"
    manifest_path.write_text(json.dumps({"format": file_format, "relations": manifest}, indent=1), encoding="utf-8")
    return manifest_path
