"""Amounts: numbers with what they count, in Vietnamese news text.

"1.550 đầu đạn" -> 1550 (đầu đạn, count); "1,2 tỷ USD" -> 1.2e9 (USD, money); "9,2%" -> 9.2 (%, percent);
"15 năm" -> 15 (năm, duration); "hàng trăm người" -> 100, approximate (người, count). A dot groups
thousands and a comma marks decimals, as Vietnamese writes them; market reports' English forms ("20,090.29")
are read too. Dates ("ngày 22/1", "tháng 2/2026",
"năm 2026") are not amounts; neither are times of day, scores ("3-0") or numbers inside names.
"""

import math
import re
from dataclasses import dataclass

from transforms.dates import find_dates
from transforms.stage_failures import StageFailure, contained

SCALES = {"nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
APPROXIMATE = {"hàng chục": 10, "hàng trăm": 100, "hàng nghìn": 1e3, "hàng ngàn": 1e3, "hàng vạn": 1e4,
               "hàng triệu": 1e6, "hàng tỷ": 1e9, "hàng chục nghìn": 1e4, "hàng trăm nghìn": 1e5}
CURRENCIES = ("USD", "đô la Mỹ", "đô la", "đồng", "VND", "VNĐ", "euro", "EUR", "nhân dân tệ", "yen", "bảng Anh", "rúp")
# Units that stand alone: the amount measures, the noun after them says what of ("1.500 héc-ta lúa": héc-ta).
MEASURES = ("km/h", "km2", "km", "m2", "m3", "mét vuông", "mét", "m", "cm", "mm", "kg", "tấn", "tạ", "lít", "héc-ta", "ha",
            "MW", "kW", "kWh", "GW", "độ C", "độ", "điểm phần trăm", "điểm")
DURATIONS = ("năm", "tháng", "tuần", "ngày", "giờ", "phút", "giây", "thập kỷ", "thế kỷ")
# What ends a counted noun phrase: function words, and the verbs and adjectives that follow a count.
_STOP_PHRASES = frozenset(phrase.strip() for phrase in """
    của, và, với, tại, ở, trong, cho, được, đã, đang, sẽ, là, đến, từ, so, khi, như, theo, để, này, đó, thì, bị,
    có, không, cũng, vẫn, còn, các, những, mỗi, một, trên, dưới, sau, trước, về, vào, ra, lên, xuống, giữa, qua,
    bằng, hay, hoặc, nhưng, nên, rằng, tăng, giảm, đạt, chết, làm, khiến, phải, gồm, mắc, thêm, nữa, rồi, nay,
    mới, nhất, ít, cùng, chưa, tử vong, thiệt mạng, bị thương, mất tích, nhập viện, sơ tán, tham gia, tham dự,
    ghi nhận, vượt quá, lên tới, khoảng, gần, hơn, tập trung, dự kiến, khác, liên tiếp, đăng ký, giám sát,
    trị giá, đầu năm, thi đấu, thi công, đào tạo, vận chuyển, mất, đổ, nhằm""".split(","))
# Words before a number that make it a name or an ordinal, not an amount ("lớp 12", "quốc lộ 1", "bão số 15").
_IDENTIFIER_BEFORE = re.compile(r"(?:\b(?:số|lớp|quý|khóa|phòng|tầng|đường|lộ|kỳ|hạng|mục|điều|khoản|chương|phần|vòng"
                                r"|giai đoạn|đợt|thứ)"
                                r"|\b[A-ZĐ]{2,})\s*$")
MAX_UNIT_SYLLABLES = 8
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
_APPROXIMATE = "|".join(sorted(map(re.escape, APPROXIMATE), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?<![\w/.,-])(?:(?P<number>{_NUMBER})(?:\s*(?P<percent>%|phần trăm))?(?:\s+(?P<scale>{_SCALE})(?!\w))?"
    rf"|(?P<approx>{_APPROXIMATE})(?!\w))(?![\w/-]|[.,]\d)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LONE_UNIT = re.compile(r"\s*(?P<unit>" + "|".join(map(re.escape, sorted((*CURRENCIES, *MEASURES, *DURATIONS), key=len,
                                                                         reverse=True))) + r")(?![\w/])")
# After a number: the first day of a date range ("28 - 30/7"), a sum ("2+2").
_NOT_A_COUNT = re.compile(r"\s*(?:[-–]\s*\d{1,2}/\d{1,2}|\+)")
_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|-|–)\s*")
_TIME_OF_DAY = re.compile(r"\d{1,2}\s*(?:giờ|h)\s*\d{1,2}|\d{1,2}:\d{2}")
@dataclass(frozen=True)
class Amount:
    char_start: int
    char_end: int
    surface: str
    value: float
    unit: str | None
    kind: str  # one of vnews.contract.AMOUNT_KINDS
    approximate: bool


# Vietnamese numbers group thousands with a dot and mark decimals with a comma; English ones the other way round.
_NUMBER_FORMS = (
    (re.compile(r"(?P<whole>[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(?P<decimals>\d+))?"), "."),
    (re.compile(r"(?P<whole>[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(?P<decimals>\d+))?"), ","),
)


def parse_number(text: str) -> float | None:
    """A number as Vietnamese or, failing that, English writes it; None for a form that is neither.

    '1.550' -> 1550, '1,2' -> 1.2, '1.234.567,5' -> 1234567.5 (Vietnamese, also where English would read
    it otherwise); '20,090.29' -> 20090.29, '1,234,567' -> 1234567, '0.19' -> 0.19 (English); '1.2.3,4' -> None.
    """
    for form, grouping in _NUMBER_FORMS:
        if match := form.fullmatch(text):
            value = float(match["whole"].replace(grouping, "") + "." + (match["decimals"] or "0"))
            return value if math.isfinite(value) else None
    return None


def _unit_after(text: str, start: int) -> tuple[str | None, int]:
    """The unit right after `start` (a currency, a measure, a duration word, or the counted noun phrase), and
    where it ends."""
    if match := _LONE_UNIT.match(text, start):
        return match["unit"], match.end()
    words, end = [], start
    for match in _WORD.finditer(text, start):
        word = match.group()
        if text[end:match.start()].strip() or len(words) == MAX_UNIT_SYLLABLES or (words and word[0].isupper()):
            break  # punctuation, a long phrase, or a name begins ("3 người Hà Nội")
        if word.lower() in _STOP_PHRASES or f"{word} {_next_word(text, match.end())}".lower() in _STOP_PHRASES:
            break
        words.append(word)
        end = match.end()
    return (" ".join(words) or None), end


def _next_word(text: str, start: int) -> str:
    following = _WORD.search(text, start)
    return following.group() if following else ""


def _kind(unit: str | None, percent: bool) -> str:
    if percent:
        return "percent"
    if unit in CURRENCIES:
        return "money"
    if unit in DURATIONS:
        return "duration"
    return "count" if unit else "other"


def find_amounts(text: str) -> list[Amount]:
    """Every amount in a sentence, with offsets into it."""
    dates = [(d.char_start, d.char_end) for d in find_dates(text)]
    times = [(m.start(), m.end()) for m in _TIME_OF_DAY.finditer(text)]
    amounts = []
    for match in _AMOUNT.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in dates + times) \
                or _IDENTIFIER_BEFORE.search(text, 0, match.start()) or _NOT_A_COUNT.match(text, match.end()) \
                or text[max(0, match.start() - 1):match.start()] == "+":
            continue
        if match["approx"]:
            value, approximate = APPROXIMATE[match["approx"].lower()], True
        else:
            value, approximate = parse_number(match["number"]), False
            if value is None:
                continue
            value *= SCALES.get((match["scale"] or "").lower(), 1)
        percent = bool(match["percent"])
        unit, end = ("%", match.end()) if percent else _unit_after(text, match.end())
        if unit is None and not approximate and 1900 <= value <= 2100 and match["number"].isdigit():
            continue  # a year ("từ năm 2009 tới 2013")
        amounts.append(Amount(match.start(), end, text[match.start():end], value, unit, _kind(unit, percent),
                              approximate))
    return _ranges_share_units(text, amounts)


def _ranges_share_units(text: str, amounts: list[Amount]) -> list[Amount]:
    """'từ 3 đến 7 năm': the first end of a range takes the unit of the second."""
    shared = list(amounts)
    for i, (first, second) in enumerate(zip(amounts, amounts[1:])):
        if first.unit is None and _RANGE_JOIN.fullmatch(text, first.char_end, second.char_start):
            shared[i] = Amount(first.char_start, first.char_end, first.surface, first.value, second.unit, second.kind,
                               first.approximate)
    return shared


def amount_rows(sentences: list[dict]) -> tuple[list[dict], list[StageFailure]]:
    """The `amounts` rows of new sentences (each a dict with sentence_id and text); and the sentences the rules
    failed on (they get no amounts)."""
    found, failures = contained("amounts", sentences, lambda s: s["sentence_id"], lambda s: (s, find_amounts(s["text"])))
    return [{"sentence_id": s["sentence_id"], "char_start": a.char_start, "char_end": a.char_end,
             "surface": a.surface, "value": a.value, "unit": a.unit, "kind": a.kind, "approximate": a.approximate}
            for s, amounts in found for a in amounts], failures
