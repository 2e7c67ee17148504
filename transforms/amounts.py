"""Amounts: numbers with what they count, in Vietnamese news text.

"1.550 đầu đạn" -> 1550 (đầu đạn, count); "1,2 tỷ USD" -> 1.2e9 (USD, money); "9,2%" -> 9.2 (%, percent);
"15 năm" -> 15 (năm, duration); "hàng trăm người" -> 100, approximate (người, count). A dot groups
thousands and a comma marks decimals, as Vietnamese writes them. Dates ("ngày 22/1", "tháng 2/2026",
"năm 2026") are not amounts; neither are times of day, scores ("3-0") or numbers inside names.
"""

import re
from dataclasses import dataclass

from transforms.dates import find_dates

SCALES = {"nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
APPROXIMATE = {"hàng chục": 10, "hàng trăm": 100, "hàng nghìn": 1e3, "hàng ngàn": 1e3, "hàng vạn": 1e4,
               "hàng triệu": 1e6, "hàng tỷ": 1e9, "hàng chục nghìn": 1e4, "hàng trăm nghìn": 1e5}
CURRENCIES = ("USD", "đô la Mỹ", "đô la", "đồng", "VND", "VNĐ", "euro", "EUR", "nhân dân tệ", "yen", "bảng Anh", "rúp")
DURATIONS = ("năm", "tháng", "tuần", "ngày", "giờ", "phút", "giây", "thập kỷ", "thế kỷ")
# Words that end the counted noun phrase: function words, and verbs and adjectives that follow a count.
_STOP_WORDS = frozenset("""của và với tại ở trong cho được đã đang sẽ là đến từ so khi như theo để này đó thì bị có
    không cũng vẫn còn mới các những mỗi trên dưới sau trước về vào ra lên xuống giữa qua bằng hay hoặc nhưng
    tăng giảm đạt chết tử vong thiệt mạng bị thương mất tích nhập viện sơ tán phải được gồm là làm khiến
    tham gia ghi nhận mắc vượt quá lên tới khoảng gần hơn trở thêm nữa rồi đây nay tập trung đổ về dự kiến
    khác mới nhất ít cùng""".split())
MAX_UNIT_WORDS = 4
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
_APPROXIMATE = "|".join(sorted(map(re.escape, APPROXIMATE), key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?<![\w/.,-])(?:(?P<number>{_NUMBER})(?:\s*(?P<percent>%|phần trăm))?(?:\s+(?P<scale>{_SCALE})(?!\w))?"
    rf"|(?P<approx>{_APPROXIMATE})(?!\w))(?![\w/-]|[.,]\d)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CURRENCY = re.compile(rf"\s*(?P<currency>{'|'.join(map(re.escape, CURRENCIES))})(?!\w)")
_TIME_OF_DAY = re.compile(r"\d{1,2}\s*(?:giờ|h)\s*\d{1,2}|\d{1,2}:\d{2}")


@dataclass(frozen=True)
class Amount:
    char_start: int
    char_end: int
    surface: str
    value: float
    unit: str | None
    kind: str  # count, money, percent, duration, other
    approximate: bool


def parse_number(text: str) -> float | None:
    """'1.550' -> 1550, '1,2' -> 1.2, '1.234.567,5' -> 1234567.5; None for an odd form ('1.2.3,4,5')."""
    if "," in text:
        whole, _, decimals = text.rpartition(",")
        if "," in whole or not re.fullmatch(r"\d{1,3}(?:\.\d{3})*|\d+", whole):
            return None
        return float(whole.replace(".", "") + "." + decimals)
    if "." in text and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return None
    return float(text.replace(".", ""))


def _unit_after(text: str, start: int) -> tuple[str | None, int]:
    """The counted noun phrase (or currency) right after `start`, and where it ends."""
    if currency := _CURRENCY.match(text, start):
        return currency["currency"], currency.end()
    words, end = [], start
    for match in _WORD.finditer(text, start):
        between = text[end:match.start()]
        if between.strip() or match.group().lower() in _STOP_WORDS or len(words) == MAX_UNIT_WORDS:
            break
        if words and match.group()[0].isupper():  # a name begins: "3 người Hà Nội"
            break
        words.append(match.group())
        end = match.end()
    return (" ".join(words) or None), end


def _kind(unit: str | None, percent: bool) -> str:
    if percent:
        return "percent"
    if unit in CURRENCIES:
        return "money"
    if unit and unit.split()[0].lower() in DURATIONS and len(unit.split()) == 1:
        return "duration"
    return "count" if unit else "other"


def find_amounts(text: str) -> list[Amount]:
    """Every amount in a sentence, with offsets into it."""
    dates = [(d.char_start, d.char_end) for d in find_dates(text)]
    times = [(m.start(), m.end()) for m in _TIME_OF_DAY.finditer(text)]
    amounts = []
    for match in _AMOUNT.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in dates + times):
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
        amounts.append(Amount(match.start(), end, text[match.start():end], value, unit, _kind(unit, percent),
                              approximate))
    return amounts
