"""A run of a flow: its `runs` row, started and finished here; its id, stamped onto the rows it stages; what it
did, counted, and its summary.

Plain code, no Prefect: the flows and the quiet night of `vnews run` (vnews/night.py) share it.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from transforms.entities import EXTRACTOR_VERSION
from vnews.contract import DUPLICATE, LOADED, QUARANTINED, UNCHANGED
from vnews.paths import DataPaths
from warehouse import lake, loader
from warehouse.backends import Warehouse
from warehouse.runs import utc_now
from warehouse.schema import table_schema

if TYPE_CHECKING:
    from expectations.gate import ExpectationResult


@dataclass
class RunSummary:
    """What a run did; names as in `runs` (files_seen, files_new, files_quarantined, rows_loaded, duration_s as in
    v_run_history) and the `source_files` statuses (files_loaded, files_duplicate, files_unchanged)."""

    run_id: str
    files_seen: int
    files_new: int
    files_loaded: int
    files_duplicate: int
    files_unchanged: int
    files_quarantined: int
    documents_new: int
    sentence_occurrences: int
    sentences_new: int
    duplicate_occurrences: int
    mentions_new: int
    rows_loaded: int
    warnings: list[str]
    duration_s: float
    warehouse: str
    report: str
    sentences_behind: int = 0  # sentences an older entity extractor tagged (see `vnews retag`)
    publications_new: int = 0
    publications_dated: int = 0
    sidecar_problems: int = 0  # sidecars ignored in part or whole (the reason is in source_files.reason)
    validated: bool = True  # whether any suite ran: not on a night with nothing new

    def lines(self) -> list[tuple[str, str]]:
        """The summary as (label, text) lines, for the command's output and the flow's artifact alike."""
        behind = (
            f"; {self.sentences_behind} sentences were tagged by an older extractor: run `vnews retag`"
            if self.sentences_behind
            else ""
        )
        return [
            (
                "files",
                f"{self.files_seen} seen: {self.files_loaded} loaded, {self.files_duplicate} duplicate, "
                f"{self.files_unchanged} unchanged, {self.files_quarantined} quarantined",
            ),
            ("documents", f"{self.documents_new} new"),
            (
                "articles",
                f"{self.publications_new} new publications, {self.publications_dated} dated"
                + (
                    f"; {self.sidecar_problems} sidecar(s) with problems (see source_files.reason)"
                    if self.sidecar_problems
                    else ""
                ),
            ),
            (
                "sentences",
                f"{self.sentence_occurrences} occurrences, {self.sentences_new} new distinct, "
                f"{self.duplicate_occurrences} duplicates",
            ),
            ("entities", f"{self.mentions_new} new mentions{behind}"),
            (
                "validation",
                "nothing new to validate"
                if not self.validated
                else "passed"
                if not self.warnings
                else f"passed with {len(self.warnings)} warning(s)",
            ),
            ("report", self.report),
            ("warehouse", f"{self.warehouse} (+{self.rows_loaded} rows)"),
        ]


@dataclass(eq=False)
class Run:
    """One run into a data directory: what it has done so far, counted batch by batch."""

    paths: DataPaths
    run_id: str
    started_at: datetime
    files_seen: int = 0
    statuses: Counter[str] = field(default_factory=Counter)  # of the source files staged
    documents: int = 0
    occurrences: int = 0  # of sentences in documents
    sentences: int = 0  # new distinct
    mentions: int = 0
    quarantined: int = 0  # files copied into quarantine
    publications: int = 0
    dated: int = 0  # publications with a date
    sidecar_problems: int = 0  # loaded files with a reason (a sidecar's or a stage's problem)
    rows_loaded: int = 0
    results: list["ExpectationResult"] = field(default_factory=list)  # of every batch validated

    @classmethod
    def start(cls, paths: DataPaths, run_id: str) -> "Run":
        """A run that starts now: nothing seen or loaded yet."""
        return cls(paths, run_id, utc_now())

    @property
    def files_new(self) -> int:
        return self.statuses[LOADED] + self.statuses[DUPLICATE]

    @property
    def duration_s(self) -> float:
        return round((utc_now() - self.started_at).total_seconds(), 1)

    def stamped(self, table: str, rows: list[dict] | pa.Table) -> list[dict] | pa.Table:
        """The rows with this run's id, if `table` has a run_id column (none of the tables staged as Arrow has)."""
        if "run_id" not in table_schema(table).names:
            return rows
        return [{**row, "run_id": self.run_id} for row in rows]

    def stage(self, tables: dict[str, list[dict] | pa.Table], batch: int | None = None) -> dict[str, Path]:
        """Write the tables, stamped, under the run's staging folder (`lake.stage_batch`)."""
        return lake.stage_batch(
            self.paths, self.run_id, {table: self.stamped(table, rows) for table, rows in tables.items()}, batch
        )

    def count(self, tables: dict[str, list[dict] | pa.Table]) -> None:
        """Add what a batch's tables hold to the run's counts."""
        source_files, publications = tables.get("source_files", []), tables.get("publications", [])
        self.statuses.update(row["status"] for row in source_files)
        self.sidecar_problems += sum(bool(row["reason"] and row["doc_id"]) for row in source_files)
        self.documents += len(tables.get("documents", []))
        self.occurrences += len(tables.get("document_sentences", []))
        self.sentences += len(tables.get("sentences", []))
        self.mentions += len(tables.get("entity_mentions", []))
        self.quarantined += len(tables.get("quarantine", []))
        self.publications += len(publications)
        self.dated += sum(p["published_at"] is not None for p in publications)

    def row(self, status: str, message: str | None = None) -> dict:
        """The run's `runs` row, finished now with `status` ("completed" or "failed", and why)."""
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": utc_now(),
            "status": status,
            "message": message,
            "files_seen": self.files_seen,
            "files_new": self.files_new,
            "files_quarantined": self.quarantined,
            "rows_loaded": self.rows_loaded,
        }

    def stage_completed(self, audit: dict[str, list[dict]]) -> dict[str, Path]:
        """Stage the run's row, completed, with its audit rows (validation results, a quiet night's files)."""
        return self.stage({**audit, "runs": [self.row("completed")]})

    def record_failed(self, message: str, audit: dict[str, list[dict]] | None = None) -> None:
        """Record the run as failed, and its audit rows, in the lake; the next good load carries them into the
        warehouse."""
        audit = {table: self.stamped(table, rows) for table, rows in (audit or {}).items()}
        lake.write_failed_run(self.paths, self.row("failed", message), audit)

    def summary(self) -> RunSummary:
        return RunSummary(
            run_id=self.run_id,
            files_seen=self.files_seen,
            files_new=self.files_new,
            files_loaded=self.statuses[LOADED],
            files_duplicate=self.statuses[DUPLICATE],
            files_unchanged=self.statuses[UNCHANGED],
            files_quarantined=self.statuses[QUARANTINED],
            documents_new=self.documents,
            sentence_occurrences=self.occurrences,
            sentences_new=self.sentences,
            duplicate_occurrences=self.occurrences - self.sentences,
            mentions_new=self.mentions,
            rows_loaded=self.rows_loaded,
            publications_new=self.publications,
            publications_dated=self.dated,
            sidecar_problems=self.sidecar_problems,
            warnings=list(dict.fromkeys(f"{r.table_name}: {r.expectation}" for r in self.results if not r.success)),
            validated=bool(self.results),
            duration_s=self.duration_s,
            warehouse=Warehouse.of(self.paths).name,
            report=str(self.paths.docs_index),
            sentences_behind=loader.count_sentences_behind(self.paths, EXTRACTOR_VERSION),
        )
