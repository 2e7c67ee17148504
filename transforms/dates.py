"""Find date expressions in Vietnamese text and normalize them to ISO 8601.

"ngày 5/2/2026" -> "2026-02-05", "tháng 2/2026" -> "2026-02", "năm 1991" -> "1991",
"ngày 31/7" -> "--07-31", "tháng 9" -> "--09" (the year left unknown); "hôm 19-6", "(19/6)", "14.6.1957",
"tháng Tám" too.
"""

import calendar
import re
from dataclasses import dataclass

_SEP = r"(?:\s*[/-]\s*|\.)"  # "5/2", "5 - 2", "5-2", "5.2"
# Month names after "tháng", capitalized ("tháng Tám"), longest first.
_MONTH_WORDS = {
    "Giêng": 1,
    "Mười Một": 11,
    "Mười Hai": 12,
    "Mười": 10,
    "Một": 1,
    "Hai": 2,
    "Ba": 3,
    "Tư": 4,
    "Năm": 5,
    "Sáu": 6,
    "Bảy": 7,
    "Tám": 8,
    "Chín": 9,
    "Chạp": 12,
}
# A time word before a bare day/month ("sáng 12/7", "Tối qua 5/7", "hôm 19-6", "từ 1/6") vouches for it.
_TIME_WORDS = ("sáng", "trưa", "chiều", "tối", "đêm", "phiên", "hôm", "qua", "từ")
_AFTER_TIME_WORD = "|".join(f"(?<={w} )|(?<={w.capitalize()} )" for w in _TIME_WORDS)
_DATE = re.compile(
    r"\b(?:"
    # "ngày 31/7/ 1991", "ngày 9/8", "ngày 28 - 30/7", "ngày 29-5", "Ngày 14.6.1957"
    rf"[Nn]gày\s+(?:\d{{1,2}}\s*-\s*)?(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}})(?:{_SEP}(?P<y>\d{{4}}))?"
    # without "ngày" only with a year ("5/2/2011", "14.6.1957"), one separator throughout
    r"|(?P<d1>\d{1,2})(?P<s1>[/.-])(?P<m1>\d{1,2})(?P=s1)(?P<y1>\d{4})"
    r"|(?P<d1b>\d{1,2})\s*/\s*(?P<m1b>\d{1,2})\s*/\s*(?P<y1b>\d{4})"
    # after a time word the span is the numbers; a day/month alone in brackets ("(19/6)") is a date too
    rf"|(?:{_AFTER_TIME_WORD})(?P<d7>\d{{1,2}})(?:/|-|\.(?=\d{{1,2}}(?![\d.])))(?P<m7>\d{{1,2}})"
    r"|(?<=\()(?P<d8>\d{1,2})/(?P<m8>\d{1,2})(?=\))"
    r"|[Nn]gày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
    r"|[Tt]háng\s+(?P<m3>\d{1,2})\s*[/-]\s*(?P<y3>\d{4})"
    r"|[Tt]háng\s+(?P<m4>\d{1,2})\s+năm\s+(?P<y4>\d{4})"
    r"|[Nn]ăm\s+(?P<y5>\d{4})"
    r"|[Tt]háng\s+(?P<m6>\d{1,2})(?!\s*[/-]?\s*\d)"
    rf"|[Tt]háng\s+(?P<mw>{'|'.join(_MONTH_WORDS)})(?!\w| [{''.join(sorted({w[0] for w in _MONTH_WORDS}))}]\w*\b)"
    r")(?![\d/]|[.-]\d)"
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
            g["y"] or g["y1"] or g["y1b"] or g["y2"] or g["y3"] or g["y4"] or g["y5"],
            g["m"]
            or g["m1"]
            or g["m1b"]
            or g["m2"]
            or g["m3"]
            or g["m4"]
            or g["m6"]
            or g["m7"]
            or g["m8"]
            or (str(_MONTH_WORDS[g["mw"]]) if g["mw"] else None),
            g["d"] or g["d1"] or g["d1b"] or g["d2"] or g["d7"] or g["d8"],
        )
        if iso:
            mentions.append(DateMention(match.start(), match.end(), iso))
    return mentions
