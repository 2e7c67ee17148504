"""The Parquet lake: one folder per table, one file per run and batch of input files, written atomically.

A run first writes each batch under lake/_staging/<run_id>/<batch>/ (its audit rows
under lake/_staging/<run_id>/); the files move into lake/<table>/ only after the
warehouse that holds them has been swapped in.
"""

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from vnews.paths import DataPaths
from warehouse.schema import table_schema


def write_table(rows: list[dict] | pa.Table, table: str, path: Path) -> Path:
    """Write rows (dicts, or an Arrow table) with the warehouse table's schema, via a temporary name and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = table_schema(table)
    if isinstance(rows, pa.Table):
        arrow_table = rows.select(schema.names).cast(schema)
    else:
        arrow_table = pa.Table.from_pylist(rows, schema=schema)  # keys outside the schema are left out
    tmp = path.with_suffix(".parquet.tmp")
    try:
        pq.write_table(arrow_table, tmp)
        os.replace(tmp, path)
    except BaseException:  # a full disk, a kill: leave no half-written file behind
        tmp.unlink(missing_ok=True)
        raise
    return path


def stage_batch(
    paths: DataPaths, run_id: str, tables: dict[str, list[dict] | pa.Table], batch: int | None = None
) -> dict[str, Path]:
    """Write tables under the run's staging folder (in a subfolder per batch of input files, if given)."""
    staged = paths.staged_run(run_id) if batch is None else paths.staged_batch(run_id, batch)
    return {table: write_table(rows, table, staged / f"{table}.parquet") for table, rows in tables.items()}


def publish_staged_run(paths: DataPaths, run_id: str) -> None:
    """Move a run's staged files into the lake (idempotent: a re-run finishes a half-done move)."""
    staged = paths.staged_run(run_id)
    if not staged.is_dir():
        return
    for file in sorted([*staged.glob("*.parquet"), *staged.glob("*/*.parquet")]):
        target = paths.lake_file(file.stem, run_id, None if file.parent == staged else file.parent.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, target)
    for folder in staged.iterdir():
        folder.rmdir()
    staged.rmdir()


def write_failed_run(paths: DataPaths, run: dict, audit: dict[str, list[dict]]) -> None:
    """Record a failed run (and its audit rows) in the lake; the next good load carries it into the warehouse."""
    for table, rows in {**audit, "runs": [run]}.items():
        write_table(rows, table, paths.lake_file(table, run["run_id"]))


def recorded_failed(paths: DataPaths, run_id: str) -> bool:
    """Whether the lake records `run_id` as a failed run (`write_failed_run`)."""
    record = paths.lake_file("runs", run_id)
    return record.exists() and pq.read_table(record, columns=["status"])["status"][0].as_py() == "failed"


def lake_files(paths: DataPaths, table: str) -> list[Path]:
    return sorted((paths.lake / table).glob("*.parquet"))
