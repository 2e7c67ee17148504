"""What a night has to do: which input files there are, which of them to read, and a night with nothing to read.

Plain functions, no Prefect: the flow calls them from its tasks, and `vnews run` calls
`record_if_quiet` before starting anything, so that a quiet night without a Prefect server
costs a second, not the start of a server.
"""

import errno
import hashlib
import os
import stat
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from transforms.articles import SIDECAR_SUFFIX, Sidecar, parse_sidecar, sidecar_name
from transforms.ingest import IngestResult, SourceFile, ingest_files
from transforms.records import EXPORT_MAX_BYTES, export_numbering, parse_fields, read_export, record_path
from vnews.paths import DataPaths
from vnews.run import Run, RunSummary
from warehouse import lake, loader
from warehouse.backends import Warehouse
from warehouse.runs import run_lock

BACKUP_SUFFIXES = ("~", ".bak", ".swp", ".tmp")
READ_PIECE_BYTES = 1 << 20
SIDECAR_MAX_BYTES = 1 << 20
QUARANTINE_HEAD_BYTES = 1 << 20  # what quarantine keeps of a file over --max-bytes
# What a crawler export weighs in a batch (see plan_batches): about one article per this many bytes of it
# (four times as many of a gzipped one).
EXPORT_BYTES_PER_RECORD = 2_000


@dataclass(frozen=True)
class InputFolder:
    """The folder a run reads: only regular files, and through symlinks only files inside it (unless
    `follow_symlinks`)."""

    root: Path
    follow_symlinks: bool = False

    @classmethod
    def of(cls, root: Path, follow_symlinks: bool = False) -> "InputFolder":
        return cls(Path(os.path.realpath(root)), follow_symlinks)

    def refusal(self, path: Path) -> str | None:
        """Why `path` is not read (a symlink out of the folder, a FIFO, a device, …), or None. Never opens it."""
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            target = Path(os.path.realpath(path))
            if not self.follow_symlinks and not target.is_relative_to(self.root):
                return (
                    f"symlink to {storable_path(target)}, outside the input folder; "
                    "not read (--follow-symlinks reads it)"
                )
            mode = target.stat().st_mode
        if not stat.S_ISREG(mode):
            return f"not a regular file ({_file_kind(mode)}); only regular files are read"
        return None


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a directory"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a file")


def storable_path(path: Path) -> str:
    """The path as text for the warehouse: bytes of its name that are not UTF-8 are escaped as \\xNN."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file, read in pieces; opened without blocking, so a FIFO that took
    the file's place cannot hang the run (it is refused)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(descriptor, "rb", buffering=0) as file:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({_file_kind(mode)})")
        pieces, left = [], limit
        while left and (piece := file.read(min(READ_PIECE_BYTES, left))):
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)


def head_and_digest(path: Path, keep: int) -> tuple[bytes, str]:
    """The first `keep` bytes of a file too large to load, and the sha256 of all of it, read in pieces."""
    digest, head = hashlib.sha256(), b""
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
        while piece := file.read(READ_PIECE_BYTES):
            digest.update(piece)
            if len(head) < keep:
                head += piece[: keep - len(head)]
    return head, digest.hexdigest()


def find_input_files(input_dir: Path, pattern: str) -> list[Path]:
    """Input paths matching the glob (or any of several, separated by commas: `**/*.txt,**/*.jsonl`), sorted;
    hidden files, editor backups, sidecars and folders are skipped.

    Everything else is kept, so that every file is accounted for: a broken link, a FIFO or a link out of the
    folder is an input we were sent but will not read, and is quarantined with the reason.
    """
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input directory not found: {input_dir}")
    return sorted(
        p
        for p in {found for part in pattern.split(",") if part.strip() for found in input_dir.glob(part.strip())}
        if not _is_folder(p)
        and not any(part.startswith(".") for part in p.relative_to(input_dir).parts)
        and not p.name.endswith((*BACKUP_SUFFIXES, SIDECAR_SUFFIX))
    )


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False  # gone since the glob saw it: reading it will say so


def plan_batches(
    files: list[Path], known: loader.KnownState | None, files_per_batch: int, max_bytes: int
) -> tuple[list[list[Path]], int]:
    """The files in order, cut into batches of at most `files_per_batch` articles to read; and the bytes to read.

    Files an earlier run read (or quarantined) at the same path, size and modification time cost nothing and
    ride along. A crawler export counts as the articles its size suggests (EXPORT_BYTES_PER_RECORD): it is never
    split, but it does not share a batch with more articles than the limit allows. There is always one batch,
    even for no files: an empty night is recorded like any other. A file that cannot be stat'ed, or is over
    `max_bytes`, counts as one byte to read (it will be quarantined).
    """
    batches, in_batch, bytes_to_read = [[]], 0, 0
    for path in files:
        size = _bytes_to_read(path, known, max_bytes)
        weight = _articles_in(path, size)
        if in_batch and in_batch + weight > files_per_batch:
            batches.append([])
            in_batch = 0
        batches[-1].append(path)
        in_batch += weight
        bytes_to_read += size
    return batches, bytes_to_read


def _articles_in(path: Path, size: int) -> int:
    """About how many articles reading a file of `size` bytes to read yields (0 if it is not read)."""
    if not size or not export_numbering(path.name):
        return int(size > 0)
    return max(1, size * (4 if path.name.lower().endswith(".gz") else 1) // EXPORT_BYTES_PER_RECORD)


def _bytes_to_read(path: Path, known: loader.KnownState | None, max_bytes: int) -> int:
    """0 for a file an earlier run read (or quarantined) as it is; else its size, 1 if over its limit or gone
    (`max_bytes`; EXPORT_MAX_BYTES for a crawler export, whose records `max_bytes` bounds)."""
    try:
        found = path.stat()
        seen = known and known.has_seen((storable_path(path), found.st_size, found.st_mtime_ns))
        limit = EXPORT_MAX_BYTES if export_numbering(path.name) else max_bytes
        return 0 if seen else 1 if found.st_size > limit else max(found.st_size, 1)
    except OSError:
        return 1


def night_ahead(
    folder: InputFolder, paths: DataPaths, pattern: str, max_bytes: int, retry_quarantined: bool = False
) -> tuple[str, bool]:
    """What a run will read, in a line: files, bytes, new or changed vs unchanged; from the listing and stat alone
    against what the published warehouse holds, before anything starts (no lock taken). And whether the night may
    be quiet (a warehouse that knows every file): only then is it worth asking again under the lock."""
    files = find_input_files(folder.root, pattern)
    known = loader.published_known_state(paths, retry_quarantined)
    sizes = [_bytes_to_read(path, known, max_bytes) for path in files]
    return (
        f"{len(files):,} files in {storable_path(folder.root)}, {sum(map(bool, sizes)):,} new or changed "
        f"({_size(sum(sizes))} to read), {sizes.count(0):,} unchanged"
    ), known is not None and not any(sizes)


def _size(n: float) -> str:
    if n < 1024:
        return f"{n:.0f} bytes"
    for unit in ("kB", "MB", "GB"):
        n /= 1024
        if n < 1024 or unit == "GB":
            return f"{n:,.1f} {unit}"


def read_source_file(path: Path, known: loader.KnownState, max_bytes: int, folder: InputFolder) -> SourceFile:
    """The file's bytes, unless an earlier run read (or quarantined) this path at the same size and modification time.

    What cannot be read comes back with the reason, and is quarantined: a file that is not regular or links out of
    the folder, a file that vanished or changed while it was read (the next run reads it again: its
    modification time is new), a file over `max_bytes` (its first bytes are kept, and the hash of all of it).
    """
    name = storable_path(path)
    try:
        before = path.stat()
        key = (name, before.st_size, before.st_mtime_ns)
        if known_sha := known.stats.get(key):
            return SourceFile(
                name, None, mtime_ns=before.st_mtime_ns, unchanged_sha256=known_sha, size_bytes=before.st_size
            )
        if key in known.quarantined:
            sha, reason = known.quarantined[key]
            return SourceFile(
                name, None, reason, before.st_mtime_ns, size_bytes=before.st_size, sha256=sha, still_quarantined=True
            )
        if refusal := folder.refusal(path):
            return SourceFile(name, None, refusal, before.st_mtime_ns, size_bytes=before.st_size)
        if before.st_size > max_bytes:
            head, sha = head_and_digest(path, QUARANTINE_HEAD_BYTES)
            return SourceFile(
                name,
                head,
                f"file is larger than the {max_bytes:,}-byte limit ({before.st_size:,} "
                f"bytes); quarantine keeps its first {len(head):,} bytes",
                before.st_mtime_ns,
                size_bytes=before.st_size,
                sha256=sha,
            )
        raw = read_regular_file(path, before.st_size + 1)
        after = path.stat()
    except OSError as error:
        return SourceFile(name, None, f"file could not be read: {error.strerror or type(error).__name__}")
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(raw) != before.st_size:
        return SourceFile(
            name, None, "file could not be read: it changed while it was read (the next run reads it again)"
        )
    return SourceFile(name, raw, mtime_ns=before.st_mtime_ns)


def read_export_file(
    path: Path,
    known: loader.KnownState,
    max_bytes: int,
    folder: InputFolder,
    fields: dict[str, tuple[str, ...]],
    now: datetime,
) -> list[SourceFile]:
    """A crawler export as one SourceFile per record (transforms.records), each named `<path>#<line or index>`.

    An export an earlier run read at the same path, size and modification time is not read: it is one unchanged
    SourceFile (its records' rows are the earlier run's), and its records that run quarantined are still so. One
    that cannot be read at all (not a regular file, over EXPORT_MAX_BYTES, gone, changed while read) is one
    SourceFile, quarantined; so is what stopped the reading of a file part way (named by the file's path), the
    records before it being read.
    """
    name = storable_path(path)
    try:
        before = path.stat()
    except OSError as error:
        return [SourceFile(name, None, f"file could not be read: {error.strerror or type(error).__name__}")]
    export = {"export_path": name, "export_size_bytes": before.st_size, "mtime_ns": before.st_mtime_ns}
    if records := known.exports.get((name, before.st_size, before.st_mtime_ns)):
        unchanged = SourceFile(
            name, None, mtime_ns=before.st_mtime_ns, size_bytes=before.st_size, unchanged_export=True
        )
        still_quarantined = [
            SourceFile(
                r.source_path,
                None,
                r.reason,
                before.st_mtime_ns,
                size_bytes=r.size_bytes,
                sha256=r.content_sha256,
                still_quarantined=True,
            )
            for r in sorted(records, key=_record_order)
            if not r.doc_id
        ]
        # A file whose reading stopped part way already has its own row: what stopped it, still quarantined.
        stopped = any(f.source_path == name for f in still_quarantined)
        files = still_quarantined if stopped else [unchanged, *still_quarantined]
        return [replace(f, export_path=name, export_size_bytes=before.st_size) for f in files]
    single = read_source_file(path, known, EXPORT_MAX_BYTES, folder)
    if single.raw is None or single.read_error is not None:
        return [single]
    numbering = export_numbering(path.name)
    read = read_export(single.raw, numbering, path.name.lower().endswith(".gz"), max_bytes, fields, now)
    files = [
        SourceFile(
            record_path(name, r.number),
            r.raw,
            r.error,
            size_bytes=r.size_bytes,
            sha256=r.sha256,
            body=r.body,
            metadata=r.metadata,
            **export,
        )
        for r in read.records
    ]
    if read.error or not read.records:
        files.append(
            SourceFile(
                name,
                single.raw[:QUARANTINE_HEAD_BYTES],
                read.error or "file holds no record",
                size_bytes=before.st_size,
                sha256=hashlib.sha256(single.raw).hexdigest(),
                **export,
            )
        )
    return files


def _record_order(record: loader.KnownRecord) -> tuple[int, int]:
    """Records by line or index, then what stopped the reading of their file (named by the file alone)."""
    number = record.source_path.rpartition("#")[2]
    return (0, int(number)) if number.isdigit() else (1, 0)


def read_sidecar(article: Path, now: datetime, folder: InputFolder) -> Sidecar | None:
    """The article's sidecar `<name>.meta.json`, parsed; None if it has none. A sidecar that is not a regular file
    inside the folder, or larger than SIDECAR_MAX_BYTES, is ignored with the reason."""
    sidecar = article.with_name(sidecar_name(article.name))
    try:
        if refusal := folder.refusal(sidecar):
            return Sidecar({}, (f"sidecar {refusal}; ignored",))
        raw = read_regular_file(sidecar, SIDECAR_MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        return Sidecar({}, (f"sidecar could not be read: {error.strerror or type(error).__name__}; ignored",))
    if len(raw) > SIDECAR_MAX_BYTES:
        return Sidecar({}, (f"sidecar is larger than {SIDECAR_MAX_BYTES:,} bytes; ignored",))
    return parse_sidecar(raw, now)


def read_sources(
    files: Iterable[Path], known: loader.KnownState, max_bytes: int, folder: InputFolder, fields: str | None = None
) -> IngestResult:
    """Read and decode each new or changed file (each record of a crawler export, its field names as `fields`
    gives them: transforms.records.parse_fields); decide loaded / duplicate / unchanged / quarantined."""
    names, now = parse_fields(fields), datetime.now(UTC)
    sources = [
        source
        for path in files
        for source in (
            read_export_file(path, known, max_bytes, folder, names, now)
            if export_numbering(path.name)
            else [read_source_file(path, known, max_bytes, folder)]
        )
    ]
    return ingest_files(sources, known.files, known.doc_ids, max_bytes, known.files_this_run)


def record_quiet_night(run: Run, source_files: list[dict]) -> str:
    """A night that adds nothing: record its files (all unchanged) and its run, without copying the warehouse.

    No suite runs (there are no new rows to check) and the report is not rebuilt. Returns how
    the rows were written (in place, or into a copy because a reader held the file).
    """
    how = loader.record_in_place(run.paths, run.stage_completed({"source_files": source_files}), run.run_id)
    lake.publish_staged_run(run.paths, run.run_id)
    return how


def record_if_quiet(
    folder: InputFolder, paths: DataPaths, pattern: str, max_bytes: int, may_record: Callable[[], bool] = lambda: True
) -> RunSummary | None:
    """Record tonight as a quiet night if no input file needs reading and `may_record()` (asked only then);
    None if there is work, no warehouse, or `may_record()` is false."""
    if not Warehouse.of(paths).exists():
        return None
    run = Run.start(paths, str(uuid.uuid4()))
    with run_lock(paths):
        known = loader.published_known_state(paths)
        files = find_input_files(folder.root, pattern)
        if known is None or plan_batches(files, known, len(files) or 1, max_bytes)[1] or not may_record():
            return None
        source_files = read_sources(files, known, max_bytes, folder).source_files
        run.files_seen = len(files)
        run.count({"source_files": source_files})
        record_quiet_night(run, source_files)
    return run.summary()
