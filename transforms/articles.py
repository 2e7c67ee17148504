"""An article's metadata: title, publication date, source, url, author.

Each field comes from, in order: the sidecar `<file>.meta.json` beside the article; a date in
the file's path relative to the input folder; the text itself (a headline first line, a
dateline "Hà Nội, ngày 30/11/2026", a credit line "Theo TTXVN" or "(VOV)"); else none.
A headline is the document's first sentence (its names are mentions like any other); a dateline is not a
sentence: `not_body` gives its span to the splitter.
"""

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from transforms.dates import find_dates
from transforms.ids import stable_id
from transforms.normalize import UPPER_LETTERS
from vnews.contract import PUBLISHED_AT_SOURCES
from vnews.defaults import NEWSROOM_TIMEZONE

NEWSROOM_TZ = ZoneInfo(NEWSROOM_TIMEZONE)  # a date or time without an offset is Vietnam's
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = ("title", "published_at", "source", "url", "author")
FUTURE_TOLERANCE = timedelta(days=1)  # a publication date later than this after the run is a mistake
EARLIEST_PUBLICATION = date(1900, 1, 1)  # an earlier one is a mistake too (and year 1 overflows time zones)
HEADLINE_MAX_WORDS = 30
SIDECAR, PATH, TEXT, NONE = PUBLISHED_AT_SOURCES

# 2026-11-30, 2026_11_30, 20261130, 2026/11/30 as path parts (the year first, four digits)
_PATH_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-_/]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d)")
_UPPER = UPPER_LETTERS
# "Hà Nội, ngày 30/11/2026" on a line of its own; or the same, with an agency "(TTXVN)", before a dash that
# opens the first paragraph: "TP.HCM (VOV) - Sáng 30/11, …".
_DATELINE_LINE = re.compile(rf"^(?P<place>[{_UPPER}][^,\n]{{0,40}}),\s*(?P<date>[^\n]{{6,40}}?)\s*$")
_DATELINE_PREFIX = re.compile(
    rf"^(?P<place>[{_UPPER}][^,()\n\-–—]{{0,40}}?)?\s*(?:\((?P<agency>[^()\n]{{2,30}})\))?\s*"
    rf"(?:,\s*(?P<date>[^\n\-–—]{{6,40}}?))?\s*[-–—]\s+(?=\S)"
)
_CREDIT = re.compile(
    r"^(?:Theo|Nguồn\s*:)\s+(?:(?:báo|trang|đài|tạp chí)\s+)?(?P<name>[^.!?:]{2,60}?)\s*\.?$"
    r"|^\((?P<paren>[^()]{2,30})\)$",
    re.IGNORECASE,
)
_AUTHOR = re.compile(r"^(?:Bài(?: và ảnh)?|Tác giả|Phóng viên|PV)\s*:\s*(?P<name>[^.!?]{2,60}?)\s*\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class TextMetadata:
    headline: str | None = None
    dateline: date | None = None
    credit: str | None = None  # the outlet a credit line names
    author: str | None = None
    not_body: tuple[tuple[int, int], ...] = ()  # spans of the text (a dateline) that are not sentences
    headline_end: int = 0  # where the headline's line ends in the text (0: no headline)


@dataclass(frozen=True)
class Sidecar:
    fields: dict  # the usable values of SIDECAR_KEYS; published_at as an aware datetime
    problems: tuple[str, ...] = ()  # what was wrong with it, for source_files.reason


def publication_id(source_path: str, doc_id: str) -> str:
    """A document's appearance at a path: the same wire text at two outlets is two publications."""
    return stable_id("publication", source_path, doc_id)


def sidecar_name(article_name: str) -> str:
    """`bai-1.txt` -> `bai-1.meta.json`."""
    stem = article_name.rsplit(".", 1)[0] if "." in article_name.lstrip(".") else article_name
    return stem + SIDECAR_SUFFIX


def _full_date(text: str) -> date | None:
    """The date `text` consists of, if it gives day, month and year ("ngày 30/11/2026", "30 tháng 11 năm 2026")."""
    found = find_dates(text if text.lower().startswith("ngày") else f"ngày {text}")
    if len(found) != 1 or len(found[0].iso) != 10 or found[0].iso.startswith("-"):
        return None
    return date.fromisoformat(found[0].iso)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) of the non-empty lines."""
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _is_headline(line: str) -> bool:
    line = line.strip()
    return (
        len(line.split()) <= HEADLINE_MAX_WORDS
        and line[-1] not in ".…:;,"
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"“‘'")
        and not _CREDIT.match(line)
        and not _AUTHOR.match(line)
    )


def text_metadata(text: str) -> TextMetadata:
    """Headline, dateline, credit and author as the text states them, and the spans that are not body."""
    lines = _lines(text)
    headline, dateline, not_body, headline_end = None, None, [], 0
    if len(lines) >= 2 and _is_headline(lines[0][1]) and not _dateline_of_line(lines[0][1]):
        offset, line = lines[0]
        headline, headline_end = line.strip(), offset + len(line)
        lines = lines[1:]
    if lines:
        offset, line = lines[0]
        if found := _dateline_of_line(line):
            dateline = found
            not_body.append((offset, offset + len(line)))
        elif prefix := _DATELINE_PREFIX.match(line):
            dateline = _full_date(prefix["date"]) if prefix["date"] else None
            if dateline or prefix["agency"]:
                not_body.append((offset, offset + prefix.end()))
    credit, author = _credit_and_author(lines)
    return TextMetadata(headline, dateline, credit, author, tuple(not_body), headline_end)


def _dateline_of_line(line: str) -> date | None:
    match = _DATELINE_LINE.match(line.strip())
    return _full_date(match["date"]) if match else None


def _credit_and_author(lines: list[tuple[int, str]]) -> tuple[str | None, str | None]:
    """The outlet of the last credit line ("Theo TTXVN", "Nguồn: VnExpress", "(VOV)") and the author line."""
    credit = author = None
    for _, line in lines[-3:]:
        line = line.strip()
        if match := _CREDIT.match(line):
            credit = (match["name"] or match["paren"]).strip()
        elif match := _AUTHOR.match(line):
            author = match["name"].strip()
    return credit, author


def date_in_path(relative_path: str) -> date | None:
    """The last real date written in a relative path: `2026-11-30/a.txt`, `20261130_a.txt`, `2026/11/30/a.txt`."""
    found = None
    for match in _PATH_DATE.finditer(relative_path):
        try:
            found = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return found


def parse_sidecar(raw: bytes, now: datetime) -> Sidecar:
    """The usable fields of a sidecar file; what is wrong with it is reported, never raised."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # ValueError: bad JSON, a 5,000-digit number
        return Sidecar({}, (f"sidecar is not valid JSON ({type(error).__name__}: {error}); ignored",))
    if not isinstance(data, dict):
        return Sidecar({}, ("sidecar is not a JSON object; ignored",))
    problems = []
    if unknown := sorted(set(data) - set(SIDECAR_KEYS)):
        problems.append(f"sidecar has unknown keys {', '.join(unknown)}; ignored")
    fields = {}
    for key in SIDECAR_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(f"sidecar {key} is not a non-empty string; ignored")
        elif key != "published_at":
            fields[key] = value.strip()
        elif (parsed := _published_at(value.strip(), now, problems)) is not None:
            fields[key] = parsed
    return Sidecar(fields, tuple(problems))


def _published_at(
    value: str, now: datetime, problems: list[str], what: str = "sidecar published_at"
) -> datetime | None:
    """An ISO 8601 date or datetime as an aware datetime (no offset: Vietnam's), or None with the problem noted
    (`what` names the field in it)."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{what} {value!r} is not a valid ISO 8601 date; ignored")
        return None
    return checked_publication_time(parsed, value, now, problems, what)


def checked_publication_time(
    parsed: datetime, value: str, now: datetime, problems: list[str], what: str
) -> datetime | None:
    """`parsed` as an aware datetime (no offset: Vietnam's), or None with the problem noted: before 1900 or in
    the future."""
    if parsed.year < EARLIEST_PUBLICATION.year:
        problems.append(f"{what} {value} is before {EARLIEST_PUBLICATION.year}; ignored")
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=NEWSROOM_TZ)
    if parsed > now + FUTURE_TOLERANCE:
        problems.append(f"{what} {value} is in the future; ignored")
        return None
    return parsed


def _start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(), NEWSROOM_TZ)


def relative_path(source_path: str, input_dir: str) -> str:
    """The path below the input folder (just the file name for a file outside it)."""
    path, folder = PurePath(source_path), PurePath(input_dir)
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else path.name


def publication_row(
    source_path: str, relative_path: str, doc_id: str, text: TextMetadata, sidecar: Sidecar | None, now: datetime
) -> dict:
    """The `publications` row of a document at a path, each field from the first place that gives it."""
    given = sidecar.fields if sidecar else {}
    published_at, published_at_source = given.get("published_at"), SIDECAR
    for day, source in ((date_in_path(relative_path), PATH), (text.dateline, TEXT)):
        if published_at is None and day is not None and _start_of_day(day) <= now + FUTURE_TOLERANCE:
            published_at, published_at_source = _start_of_day(day), source
    return {
        "publication_id": publication_id(source_path, doc_id),
        "doc_id": doc_id,
        "source_path": source_path,
        "title": given.get("title", text.headline),
        "published_at": published_at,
        "published_day": published_at.astimezone(NEWSROOM_TZ).date() if published_at else None,
        "published_at_source": published_at_source if published_at else NONE,
        "source_name": given.get("source", text.credit),
        "url": given.get("url"),
        "author": given.get("author", text.author),
    }
