"""Crawler exports: many articles in one file, a record each.

A `.json` file holds an array of records, a `.jsonl` or `.ndjson` file a record per line; any of them may be
gzipped (`.jsonl.gz`). A record is a JSON object: its body (`maintext`, `content`, `text` or `summary`, the
first given) becomes the document, and its title, date, source, url and author the publication's metadata, as
a sidecar's do. The field names are the news-please / RSS ones unless `--fields` names others.

A record that cannot be read (bad JSON, not an object, no body, a body that is not text, over `--max-bytes`)
is set aside on its own, named by its line (from 1) or index (from 0); the others load. A metadata field of the
wrong type, or a date that cannot be one, is left out with the reason, and the record loads. What stops the
reading of a whole file (a damaged gzip stream, a `.json` that is not an array) is reported once, and the
records before it still load. Pure parsing: no file system, no Prefect.
"""

import gzip
import hashlib
import io
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime

from transforms.articles import Sidecar, checked_publication_time

EXPORT_SUFFIXES = (".json", ".jsonl", ".ndjson")
LINES, ARRAY = "line", "index"  # how a record is numbered in its file: lines from 1, array indices from 0
# An export file is read whole (a gzipped one, and what it decompresses to, at most this): --max-bytes bounds
# each record instead.
EXPORT_MAX_BYTES = 1 << 30
FIELD_NAMES = ("title", "body", "published_at", "source", "url", "author")
# The names each field is looked up under, first given first (news-please, RSS, common crawler exports).
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "body": ("maintext", "content", "text", "summary"),
    "published_at": ("date_publish", "published"),
    "source": ("source", "source_domain"),
    "url": ("url", "link"),
    "author": ("authors", "author"),
}
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}


@dataclass(frozen=True)
class Record:
    number: int  # its line (from 1) or index (from 0) in the file
    raw: bytes  # its bytes as in the (decompressed) file; of one over the size limit, the first of them
    sha256: str  # of all its bytes
    size_bytes: int
    body: str | None = None
    metadata: Sidecar | None = None  # title, published_at, source, url, author, as a sidecar gives them
    error: str | None = None  # why it cannot be read: it is quarantined


@dataclass
class Export:
    numbering: str  # LINES or ARRAY
    records: list[Record] = field(default_factory=list)
    error: str | None = None  # what stopped the reading of the file (the records before it are kept)


def export_numbering(name: str) -> str | None:
    """LINES for `x.jsonl`/`x.ndjson`, ARRAY for `x.json` (each also gzipped); None for any other file."""
    name = name.lower().removesuffix(".gz")
    if name.endswith((".jsonl", ".ndjson")):
        return LINES
    return ARRAY if name.endswith(".json") else None


def record_path(source_path: str, number: int) -> str:
    """The source path of a record: its file's, `#` and its line or index (`feeds/day.jsonl.gz#12`)."""
    return f"{source_path}#{number}"


def parse_fields(spec: str | None) -> dict[str, tuple[str, ...]]:
    """DEFAULT_FIELDS with the names `spec` gives instead: `title=headline,body=article|summary,url=href`
    (`|` separates names tried in order). ValueError says what is wrong with `spec`."""
    fields = dict(DEFAULT_FIELDS)
    for part in filter(None, (part.strip() for part in (spec or "").split(","))):
        key, equals, names = part.partition("=")
        key = key.strip()
        if not equals or key not in FIELD_NAMES:
            raise ValueError(f"{part!r} is not FIELD=NAME with FIELD one of {', '.join(FIELD_NAMES)}")
        if not (names := tuple(name.strip() for name in names.split("|") if name.strip())):
            raise ValueError(f"{part!r} names no record field")
        fields[key] = names
    return fields


def read_export(
    raw: bytes, numbering: str, gzipped: bool, max_bytes: int, fields: dict[str, tuple[str, ...]], now: datetime
) -> Export:
    """The records of an export file's bytes, each parsed or with the reason it cannot be."""
    export = Export(numbering)
    stream = gzip.GzipFile(fileobj=io.BytesIO(raw)) if gzipped else io.BytesIO(raw)
    pieces = _lines(stream, max_bytes) if numbering == LINES else _elements(stream, export)
    try:
        for number, piece, sha, size in pieces:
            export.records.append(_record(number, piece, sha, size, numbering, max_bytes, fields, now))
    except (OSError, EOFError, zlib.error) as error:  # a damaged or truncated gzip stream
        last = export.records[-1].number if export.records else None
        export.error = (
            f"gzip stream is damaged ({error or type(error).__name__})"
            + (f" after {numbering} {last}" if last is not None else "")
            + "; the records after it are not read"
        )
    except _Stop as stop:
        export.error = str(stop)
    return export


class _Stop(Exception):
    """What stops the reading of a whole export; the message is the reason."""


def _lines(stream, max_bytes: int) -> Iterator[tuple[int, bytes, str, int]]:
    """(line number, bytes, sha256, size) of each non-blank line, without its line end; of a line over
    `max_bytes`, its first bytes (the rest is read in pieces, hashed and counted, never held)."""
    number = total = 0
    while head := stream.readline(max_bytes + 2):
        number += 1
        digest, size, last = hashlib.sha256(head), len(head), head
        while not last.endswith(b"\n") and (last := stream.readline(1 << 20)):
            digest.update(last)
            size += len(last)
        total += size
        if total > EXPORT_MAX_BYTES:
            raise _Stop(
                f"file decompresses to more than {EXPORT_MAX_BYTES:,} bytes; the records after line "
                f"{number - 1} are not read"
            )
        if size == len(head):  # the whole line: the record is its bytes without the line end
            content = head.rstrip(b"\r\n").removeprefix(b"\xef\xbb\xbf" if number == 1 else b"")
            digest, size = hashlib.sha256(content), len(content)
        else:
            content = head
        if content.strip():
            yield number, content, digest.hexdigest(), size


def _elements(stream, export: Export) -> Iterator[tuple[int, bytes, str, int]]:
    """(index, bytes, sha256, size) of each element of the JSON array the stream holds."""
    raw = stream.read(EXPORT_MAX_BYTES + 1)
    if len(raw) > EXPORT_MAX_BYTES:
        raise _Stop(
            f"file decompresses to more than {EXPORT_MAX_BYTES:,} bytes; write it as JSON Lines "
            "(.jsonl), which is read a line at a time"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Stop(f"file is not UTF-8 JSON ({error.reason} at byte {error.start}); no record is read") from None
    position = _WHITESPACE.match(text).end()
    if not text.startswith("[", position):
        what = "empty" if position == len(text) else f"not a JSON array of records (it starts with {text[position]!r})"
        raise _Stop(f"file is {what}; no record is read")
    decoder, index = json.JSONDecoder(), 0
    position = _WHITESPACE.match(text, position + 1).end()
    if text.startswith("]", position):
        return _after_array(text, position + 1, index)
    while True:
        try:
            _, end = decoder.raw_decode(text, position)
        except (ValueError, RecursionError) as error:
            raise _Stop(
                f"not valid JSON at index {index} ({_json_error(error)}); the records from it on are not read"
            ) from None
        piece = text[position:end].encode("utf-8")
        yield index, piece, hashlib.sha256(piece).hexdigest(), len(piece)
        index += 1
        position = _WHITESPACE.match(text, end).end()
        if text.startswith("]", position):
            return _after_array(text, position + 1, index)
        if not text.startswith(",", position):
            raise _Stop(
                f"not valid JSON after index {index - 1} (a ',' or ']' expected at character {position});"
                " the records after it are not read"
            )
        position = _WHITESPACE.match(text, position + 1).end()


def _after_array(text: str, position: int, count: int) -> None:
    if text[position:].strip():
        raise _Stop(f"file has more than its array of {count} records after the closing ']'; that is not read")


def _json_error(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return f"{type(error).__name__}: {str(error)[:200]}"


def _json_type(value) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _record(
    number: int,
    piece: bytes,
    sha: str,
    size: int,
    numbering: str,
    max_bytes: int,
    fields: dict[str, tuple[str, ...]],
    now: datetime,
) -> Record:
    where = f"{numbering} {number}"

    def refused(reason: str) -> Record:
        return Record(number, piece, sha, size, error=f"record at {where}: {reason}")

    if size > max_bytes:
        kept = f"; quarantine keeps its first {len(piece):,} bytes" if len(piece) < size else ""
        return refused(f"larger than the {max_bytes:,}-byte limit ({size:,} bytes){kept}")
    try:
        data = json.loads(piece.decode("utf-8"))
    except UnicodeDecodeError as error:
        return refused(f"not UTF-8 ({error.reason} at byte {error.start})")
    except (ValueError, RecursionError) as error:
        return refused(f"not valid JSON ({_json_error(error)})")
    if not isinstance(data, dict):
        return refused(f"not a JSON object ({_json_type(data)})")
    body = None
    for name in fields["body"]:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if not isinstance(value, str):
            return refused(f"its body {name!r} is {_json_type(value)}, not text")
        body = value
        break
    if body is None:
        return refused(f"no body (none of {', '.join(map(repr, fields['body']))} is a non-empty string)")
    return Record(number, piece, sha, size, body, record_metadata(data, fields, now))


def record_metadata(data: dict, fields: dict[str, tuple[str, ...]], now: datetime) -> Sidecar:
    """The publication fields of a record, as a sidecar gives them; a value of the wrong type or a date that
    cannot be one is left out, the problem noted."""
    given, problems = {}, []
    for key in ("title", "published_at", "source", "url", "author"):
        name, value = next(((name, data[name]) for name in fields[key] if data.get(name) is not None), (None, None))
        if name is None or (isinstance(value, str | list) and not (value.strip() if isinstance(value, str) else value)):
            continue  # an empty string or list: not given
        what = f"record field {name!r}"
        if key == "author" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        if not isinstance(value, str):
            problems.append(f"{what} is {_json_type(value)}, not text; {key} left empty")
        elif key != "published_at":
            given[key] = value.strip()
        elif (parsed := _record_date(value.strip(), now, problems, what)) is not None:
            given[key] = parsed
    return Sidecar(given, tuple(problems))


def _record_date(value: str, now: datetime, problems: list[str], what: str) -> datetime | None:
    """An ISO 8601 date or datetime (`2026-11-30 08:15:00` too), or an RFC 2822 one (RSS: `Mon, 30 Nov 2026
    08:15:00 +0700`); no offset: Vietnam's."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            problems.append(f"{what} {value[:100]!r} is not a valid date; published_at left empty")
            return None
    return checked_publication_time(parsed, value[:100], now, problems, what)
