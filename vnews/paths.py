"""Every path vnews reads or writes, derived from the data directory in one place."""

import re
from dataclasses import dataclass
from pathlib import Path

from vnews.errors import ActionableError

DUCKDB_FILE = "duckdb"
_DUCKLAKE = re.compile(r"ducklake:(sqlite|postgres):(.+)", re.DOTALL)


class UnknownWarehouse(ActionableError):
    """A --warehouse value that names no backend vnews knows."""


@dataclass(frozen=True)
class DataPaths:
    root: Path
    # Where the warehouse is: None for the DuckDB file in `root`, else a DuckLake catalog, "sqlite:PATH" or
    # "postgres:CONNINFO" (see docs/scaling.md).
    ducklake: str | None = None
    ducklake_data: Path | None = None  # DuckLake's data files, when not the default (or the catalog's own)
    warehouse_option: str = DUCKDB_FILE  # the --warehouse value that gives these paths again (a flow's parameter)

    @classmethod
    def of(cls, data_dir: str | Path, warehouse: str = DUCKDB_FILE, data_path: str | Path | None = None) -> "DataPaths":
        """The paths of a data directory and a --warehouse value: "duckdb" or "ducklake:sqlite:PATH" /
        "ducklake:postgres:CONNINFO" (a relative SQLite path is read from the current directory)."""
        root = Path(data_dir).resolve()
        if warehouse == DUCKDB_FILE:
            return cls(root)
        match = _DUCKLAKE.fullmatch(warehouse)
        if not match:
            raise UnknownWarehouse(
                f"--warehouse {warehouse!r}: expected duckdb, ducklake:sqlite:PATH or ducklake:postgres:CONNINFO"
            )
        kind, target = match.groups()
        catalog = f"sqlite:{Path(target).resolve()}" if kind == "sqlite" else f"postgres:{target}"
        return cls(root, catalog, Path(data_path).resolve() if data_path else None, f"ducklake:{catalog}")

    @property
    def default_ducklake_data(self) -> Path:
        """Where a new DuckLake catalog keeps its data files unless --data-path says otherwise."""
        return self.lake / "ducklake"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def candidate_warehouse(self) -> Path:
        """The next version of the warehouse, built beside it and swapped in when valid."""
        return self.root / "warehouse.duckdb.next"

    @staticmethod
    def wal(database: Path) -> Path:
        """DuckDB's write-ahead log beside a database file: committed rows not yet checkpointed into it."""
        return database.with_name(database.name + ".wal")

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def staging(self) -> Path:
        return self.root / "lake" / "_staging"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    def quarantined_file(self, content_sha256: str, name: str) -> Path:
        """Where a rejected input file is kept, byte for byte: named by its content and its own name."""
        return self.quarantine / f"{content_sha256[:16]}_{name}"

    def staged_batch(self, run_id: str, batch: int) -> Path:
        """A run's staged tables for one batch of input files (its audit tables sit in `staged_run`)."""
        return self.staged_run(run_id) / f"{batch:05d}"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def gx_docs(self) -> Path:
        """Great Expectations' own Data Docs site (its pages need a network for their styles and scripts)."""
        return self.docs / "gx"

    @property
    def gx(self) -> Path:
        """The Great Expectations project: suites, checkpoints and stored results."""
        return self.root / "gx"

    @property
    def docs_index(self) -> Path:
        """The data-quality page (vnews/quality.py), which opens offline."""
        return self.docs / "index.html"

    @property
    def lock(self) -> Path:
        """The lock file a writer to the data directory's own warehouse holds."""
        return self.root / ".vnews.lock"

    def staged_run(self, run_id: str) -> Path:
        return self.staging / run_id

    def lake_file(self, table: str, run_id: str, batch: str | None = None) -> Path:
        return self.lake / table / (f"run-{run_id}.parquet" if batch is None else f"run-{run_id}-{batch}.parquet")
