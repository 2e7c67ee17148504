"""Every path vnews reads or writes, derived from the data directory in one place."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataPaths:
    root: Path

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
    def gx(self) -> Path:
        """The Great Expectations project: suites, checkpoints and stored results."""
        return self.root / "gx"

    @property
    def docs_index(self) -> Path:
        return self.docs / "index.html"

    @property
    def lock(self) -> Path:
        return self.root / ".vnews.lock"

    def staged_run(self, run_id: str) -> Path:
        return self.staging / run_id

    def lake_file(self, table: str, run_id: str, batch: str | None = None) -> Path:
        return self.lake / table / (f"run-{run_id}.parquet" if batch is None else f"run-{run_id}-{batch}.parquet")
