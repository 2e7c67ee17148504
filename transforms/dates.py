"""Find date expressions in Vietnamese text and normalize them to ISO 8601.

"ngày 5/2/2026" -> "2026-02-05", "tháng 2/2026" -> "2026-02", "năm 1991" -> "1991",
"ngày 31/7" -> "--07-31", "tháng 9" -> "--09" (the year left unknown).
"""

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(
    r"\b(?:"
    # "ngày 31/7/ 1991", "ngày 9/8", "ngày 28 - 30/7"; without "ngày" only with a year ("5/2/2011")
    r"[Nn]gày\s+(?:\d{1,2}\s*-\s*)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?"
    r"|(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})\s*/\s*(?P<y1>\d{4})"
    # "sáng 12/7", "phiên 19/10": a time-of-day word vouches for a day/month; the span is the numbers
    r"|(?:(?<=sáng )|(?<=trưa )|(?<=chiều )|(?<=tối )|(?<=đêm )|(?<=phiên )|(?<=hôm ))(?P<d7>\d{1,2})/(?P<m7>\d{1,2})"
    r"|[Nn]gày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
    r"|[Tt]háng\s+(?P<m3>\d{1,2})\s*[/-]\s*(?P<y3>\d{4})"
    r"|[Tt]háng\s+(?P<m4>\d{1,2})\s+năm\s+(?P<y4>\d{4})"
    r"|[Nn]ăm\s+(?P<y5>\d{4})"
    r"|[Tt]háng\s+(?P<m6>\d{1,2})(?!\s*[/-]?\s*\d)"
    r")(?![\d/])"
)


@dataclass(frozen=True)
class DateMention:
    char_start: int
    char_end: int
    iso: str


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    y, m, d = (int(v) if v else None for v in (year, month, day))
    if m is not None and not 1 <= m <= 12 or d is not None and not 1 <= d <= 31:
        return None
    if y is not None and not 1000 <= y <= 2999:
        return None
    if d is not None and d > calendar.monthrange(y or 2000, m)[1]:  # no year: 29/2 may be a leap day
        return None
    if d is not None:
        return f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"
    if m is not None:
        return f"{y:04d}-{m:02d}" if y else f"--{m:02d}"
    return f"{y:04d}"


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in `text`, with offsets and its ISO form; impossible dates are skipped."""
    mentions = []
    for match in _DATE.finditer(text):
        g = match.groupdict()
        iso = _iso(
            g["y"] or g["y1"] or g["y2"] or g["y3"] or g["y4"] or g["y5"],
            g["m"] or g["m1"] or g["m2"] or g["m3"] or g["m4"] or g["m6"] or g["m7"],
            g["d"] or g["d1"] or g["d2"] or g["d7"],
        )
        if iso:
            mentions.append(DateMention(match.start(), match.end(), iso))
    return mentions
