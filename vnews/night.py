"""What a night has to do: which input files there are, which of them to read, and a night with nothing to read.

Plain functions, no Prefect: the flow calls them from its tasks, and `vnews run` calls
`record_if_quiet` before starting anything, so that a quiet night without a Prefect server
costs a second, not the start of a server.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from transforms.articles import SIDECAR_SUFFIX, Sidecar, parse_sidecar, sidecar_name
from transforms.entities import EXTRACTOR_VERSION
from transforms.ingest import IngestResult, SourceFile, ingest_files
from vnews.paths import DataPaths
from warehouse import lake, loader
from warehouse.runs import run_lock, utc_now

BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".tmp")
KnownStats = dict[tuple[str, int, int], str]  # (source_path, size_bytes, mtime_ns) read before -> content_sha256


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

    def lines(self) -> list[tuple[str, str]]:
        """The summary as (label, text) lines, for the command's output and the flow's artifact alike."""
        behind = (f"; {self.sentences_behind} sentences were tagged by an older extractor: run `vnews retag`"
                  if self.sentences_behind else "")
        return [
            ("files", f"{self.files_seen} seen: {self.files_loaded} loaded, {self.files_duplicate} duplicate, "
                      f"{self.files_unchanged} unchanged, {self.files_quarantined} quarantined"),
            ("documents", f"{self.documents_new} new"),
            ("articles", f"{self.publications_new} new publications, {self.publications_dated} dated" + (
                f"; {self.sidecar_problems} sidecar(s) with problems (see source_files.reason)"
                if self.sidecar_problems else "")),
            ("sentences", f"{self.sentence_occurrences} occurrences, {self.sentences_new} new distinct, "
                          f"{self.duplicate_occurrences} duplicates"),
            ("entities", f"{self.mentions_new} new mentions{behind}"),
            ("validation", "passed" if not self.warnings else f"passed with {len(self.warnings)} warning(s)"),
            ("report", self.report),
            ("warehouse", f"{self.warehouse} (+{self.rows_loaded} rows)"),
        ]


def find_input_files(input_dir: Path, pattern: str) -> list[Path]:
    """Input paths matching the glob, sorted; hidden files, editor backups and sidecars are skipped.

    A broken link is kept: it is an article we were sent but cannot read, and is quarantined.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input directory not found: {input_dir}")
    return sorted(
        p for p in input_dir.glob(pattern)
        if (p.is_file() or p.is_symlink() and not p.exists())
        and not any(part.startswith(".") for part in p.relative_to(input_dir).parts)
        and not p.name.endswith((*BACKUP_SUFFIXES, SIDECAR_SUFFIX))
    )


def plan_batches(files: list[Path], known_stats: KnownStats, files_per_batch: int) -> tuple[list[list[Path]], int]:
    """The files in order, cut into batches of at most `files_per_batch` files to read; and the bytes to read.

    Files an earlier run read at the same path, size and modification time cost nothing and ride
    along. There is always one batch, even for no files: an empty night is recorded like any other.
    A file that cannot be stat'ed counts as one byte to read (reading it will say why it failed).
    """
    batches, in_batch, bytes_to_read = [[]], 0, 0
    for path in files:
        if in_batch == files_per_batch:
            batches.append([])
            in_batch = 0
        batches[-1].append(path)
        try:
            stat = path.stat()
            size = 0 if (str(path), stat.st_size, stat.st_mtime_ns) in known_stats else max(stat.st_size, 1)
        except OSError:
            size = 1
        in_batch += size > 0
        bytes_to_read += size
    return batches, bytes_to_read


def read_source_file(path: Path, known_stats: KnownStats) -> SourceFile:
    """The file's bytes, unless an earlier run read this path at the same size and modification time.

    A file that vanished, or changed while it was read, comes back unread with the reason (it is
    quarantined, and a changed file is read again by the next run: its modification time is new).
    """
    try:
        stat = path.stat()
        known_sha = known_stats.get((str(path), stat.st_size, stat.st_mtime_ns))
        if known_sha:
            return SourceFile(str(path), None, mtime_ns=stat.st_mtime_ns, unchanged_sha256=known_sha, size_bytes=stat.st_size)
        raw = path.read_bytes()
        after = path.stat()
    except OSError as error:
        return SourceFile(str(path), None, error.strerror or type(error).__name__)
    if (after.st_size, after.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns) or len(raw) != stat.st_size:
        return SourceFile(str(path), None, "it changed while it was read (the next run reads it again)")
    return SourceFile(str(path), raw, mtime_ns=stat.st_mtime_ns)


def read_sidecar(article: Path, now: datetime) -> Sidecar | None:
    """The article's sidecar `<name>.meta.json`, parsed; None if it has none."""
    try:
        raw = article.with_name(sidecar_name(article.name)).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        return Sidecar({}, (f"sidecar could not be read: {error.strerror or type(error).__name__}; ignored",))
    return parse_sidecar(raw, now)


def read_sources(files: list[Path], known: loader.KnownState, max_bytes: int) -> IngestResult:
    """Read and decode each new or changed file; decide loaded / duplicate / unchanged / quarantined."""
    return ingest_files([read_source_file(p, known.stats) for p in files], known.files, known.doc_ids, max_bytes,
                        known.files_this_run)


def record_quiet_night(paths: DataPaths, run: dict, source_files: list[dict]) -> str:
    """A night that adds nothing: record its files (all unchanged) and its run, without copying the warehouse.

    No suite runs (there are no new rows to check) and the report is not rebuilt. Returns how
    the rows were written (in place, or into a copy because a reader held the file).
    """
    run = {**run, "status": "completed", "finished_at": utc_now()}
    staged = lake.stage_batch(paths, run["run_id"], {"source_files": source_files, "runs": [run]})
    how = loader.record_in_place(paths, staged, run["run_id"])
    lake.publish_staged_run(paths, run["run_id"])
    return how


def record_if_quiet(input_dir: Path, paths: DataPaths, pattern: str, max_bytes: int,
                    may_record: Callable[[], bool] = lambda: True) -> RunSummary | None:
    """Record tonight as a quiet night if no input file needs reading and `may_record()` (asked only then);
    None if there is work, no warehouse, or `may_record()` is false."""
    if not loader.warehouse_exists(paths):
        return None
    run = {"run_id": str(uuid.uuid4()), "started_at": utc_now()}
    with run_lock(paths):
        known = loader.published_known_state(paths)
        files = find_input_files(input_dir.resolve(), pattern)
        if known is None or plan_batches(files, known.stats, len(files) or 1)[1] or not may_record():
            return None
        rows = [{**row, "run_id": run["run_id"]} for row in read_sources(files, known, max_bytes).source_files]
        record_quiet_night(paths, {**run, "files_seen": len(files), "files_new": 0, "files_quarantined": 0,
                                   "rows_loaded": 0}, rows)
    return quiet_summary(run, len(files), paths)


def quiet_summary(run: dict, n_files: int, paths: DataPaths) -> RunSummary:
    """A quiet night's summary: every file seen was unchanged, nothing else happened."""
    nothing = dict.fromkeys(("files_new", "files_loaded", "files_duplicate", "files_quarantined", "documents_new",
                             "sentence_occurrences", "sentences_new", "duplicate_occurrences", "mentions_new",
                             "rows_loaded"), 0)
    return RunSummary(run_id=run["run_id"], files_seen=n_files, files_unchanged=n_files, **nothing, warnings=[],
                      duration_s=round((utc_now() - run["started_at"]).total_seconds(), 1),
                      warehouse=paths.warehouse_name, report=str(paths.docs_index),
                      sentences_behind=loader.count_sentences_behind(paths, EXTRACTOR_VERSION))
