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
APPROXIMATE = {
    "hàng chục": 10,
    "hàng trăm": 100,
    "hàng nghìn": 1e3,
    "hàng ngàn": 1e3,
    "hàng vạn": 1e4,
    "hàng triệu": 1e6,
    "hàng tỷ": 1e9,
    "hàng chục nghìn": 1e4,
    "hàng trăm nghìn": 1e5,
}
CURRENCIES = (
    "USD",
    "đô la Mỹ",
    "đô la",
    "đồng",
    "VND",
    "VNĐ",
    "euro",
    "EUR",
    "nhân dân tệ",
    "yen",
    "yên",
    "bảng Anh",
    "rúp",
    "won",
)
# Units that stand alone: the amount measures, the noun after them says what of ("1.500 héc-ta lúa": héc-ta).
MEASURES = (
    "km/h",
    "km2",
    "km",
    "m2",
    "m3",
    "mét vuông",
    "mét",
    "m",
    "cm",
    "mm",
    "kg",
    "tấn",
    "tạ",
    "lít",
    "héc-ta",
    "ha",
    "MW",
    "kW",
    "kWh",
    "GW",
    "độ C",
    "độ",
    "điểm phần trăm",
    "điểm",
    "gram",
    "carat",
    "inch",
)
# Measures that may be written glued to the number ("25km", "3,2m3").
_GLUED_MEASURES = ("km/h", "km2", "km", "m2", "m3", "m", "cm", "mm", "kg", "ha", "MW", "kW", "kWh", "GW")
DURATIONS = ("năm", "tháng", "tuần", "ngày", "giờ", "phút", "giây", "thập kỷ", "thế kỷ")
# What ends a counted noun phrase: function words, and the verbs and adjectives that follow a count.
_STOP_PHRASES = frozenset(
    phrase.strip()
    for phrase in """
    của, và, với, tại, ở, trong, cho, được, đã, đang, sẽ, là, đến, từ, so, khi, như, theo, để, này, đó, thì, bị,
    có, không, cũng, vẫn, còn, các, những, mỗi, một, trên, dưới, sau, trước, về, vào, ra, lên, xuống, giữa, qua,
    bằng, hay, hoặc, nhưng, nên, rằng, tăng, giảm, đạt, chết, làm, khiến, phải, gồm, mắc, thêm, nữa, rồi, nay,
    mới, nhất, ít, cùng, chưa, tử vong, thiệt mạng, bị thương, mất tích, nhập viện, sơ tán, tham gia, tham dự,
    ghi nhận, vượt quá, lên tới, khoảng, gần, hơn, tập trung, dự kiến, khác, liên tiếp, đăng ký, giám sát,
    trị giá, đầu năm, thi đấu, thi công, đào tạo, vận chuyển, mất, đổ, nhằm, tới, do, đi, trúng, đủ, dùng, nhau,
    nói, xấp xỉ, năm nay, năm ngoái, năm trước, trở lên, trở xuống""".split(",")
)
# A noun that introduces a name, dropped from the end of a counted phrase the name cut ("120 học sinh khối C").
_BEFORE_A_NAME = frozenset(("khối", "xã", "huyện", "tỉnh", "quận", "phường", "thôn", "ấp", "nước", "đội"))
# Words before a number that make it a name or an ordinal, not an amount ("lớp 12", "quốc lộ 1", "bão số 15",
# "phút 45"); "trong số 8 dự án" and "trong vòng 4 tháng" are amounts.
_IDENTIFIER_BEFORE = re.compile(
    r"(?i:(?<!trong )(?<!con )\bsố|(?<!trong )\bvòng"
    r"|\b(?:lớp|quý|quí|khóa|phòng|tầng|đường|lộ|kỳ|hạng|mục|điều|khoản|chương|phần"
    r"|giai đoạn|đợt|thứ|phút|lần|quay thưởng|nghị định|nghị quyết|thông tư|chỉ thị|dự án))"
    r"\s*$"
)
_ACRONYM_BEFORE = re.compile(r"\b[A-ZĐ]{2,}\s*$")  # "RON 95", "VX 2kg"; but "GDP 5,3%"
MAX_UNIT_SYLLABLES = 8
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
_APPROXIMATE = "|".join(sorted(map(re.escape, APPROXIMATE), key=len, reverse=True))
_GLUED = "|".join(sorted(map(re.escape, _GLUED_MEASURES), key=len, reverse=True))
# A sign belongs to the number it is glued to ("+0,5%", "-1.2%"), not to one after a word or a digit ("F-16").
_AMOUNT = re.compile(
    rf"(?<![\w/.,])(?:(?P<sign>[+-](?=\d))?(?P<number>{_NUMBER})"
    rf"(?:\s*(?P<percent>%|phần trăm)|(?:\s+(?P<scale>{_SCALE})(?!\w))?(?:(?=(?:{_GLUED})(?!\w))|(?![\w/]|[.,]\d)))"
    rf"|(?P<approx>{_APPROXIMATE})(?!\w)(?![/-]|[.,]\d))",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LONE_UNIT = re.compile(
    r"\s*(?P<unit>"
    + "|".join(map(re.escape, sorted((*CURRENCIES, *MEASURES, *DURATIONS), key=len, reverse=True)))
    + r")(?!\w)(?!/\d)"
)
_GLUED_UNIT = re.compile(rf"(?P<unit>{_GLUED})(?!\w)")
# After a number: the first day of a date range ("28 - 30/7"), a sum ("2+2"), a match minute ("Hùng (45’)").
_NOT_A_COUNT = re.compile(r"\s*(?:[-–]\s*\d{1,2}/\d{1,2}|\+)|[’'′]")
_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|-|–)\s*")
_TIME_OF_DAY = re.compile(r"\d{1,2}\s*(?:giờ|h)\s*\d{1,2}|\d{1,2}:\d{2}")
# Day and month with a dot or a dash after a word that names a day ("ngày 21.3", "hôm 18-4", "Chiều 3.9").
_SHORT_DATE = re.compile(
    r"(?:ngày|hôm(?: nay| qua)?|sáng|trưa|chiều|tối|đêm)(?: nay)?\s+\d{1,2}[.-]\d{1,2}(?![\d/])"
    r"|\b(?:quý|quí)\s+\d[-/]\d{4}",
    re.IGNORECASE,
)
# Numbers joined by dashes: a range when the last has a unit ("1,5-2%", "41,20 - 41,45 triệu đồng"), otherwise a
# score ("3-0"), a date ("8-3-2019"), drawn numbers ("05 - 11 - 23"); a price may name its side in brackets.
_DASH = r"\s*(?:\([^()\d]{1,20}\)\s*)?[-–]\s*"
_DASHED = re.compile(rf"(?<![\w/.,]){_NUMBER}(?:{_DASH}{_NUMBER})+")
_SCORE_CUE = re.compile(
    r"(?:tỷ số|tỉ số|thắng|thua|hòa|hạ|gỡ|dẫn|đánh bại|vượt qua|cầm chân|chung cuộc|kết quả)\s*$", re.IGNORECASE
)
_CURRENCY_BEFORE = re.compile(r"(?:US\$|\$)\s*$")
# Unmistakably English numbers ("20,090.29", "1,234,567", "0.19%") and unmistakably Vietnamese ones ("1.234,5", "9,2").
_ENGLISH = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d+|(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d.,]\d)"
    r"|(?<![\d.,])\d+\.\d{1,2}\s*%"
)
_VIETNAMESE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d+|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,]\d)"
    r"|(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?!\d)(?![.,]\d)"
)
_ONE_COMMA_GROUP = re.compile(r"[1-9]\d{0,2},\d{3}")


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
    if match := _GLUED_UNIT.match(text, start) or _LONE_UNIT.match(text, start):
        return match["unit"], match.end()
    words, ends, end = [], [], start
    for match in _WORD.finditer(text, start):
        word = match.group()
        if text[end : match.start()].strip() or len(words) == MAX_UNIT_SYLLABLES or word[0].isupper():
            if word[0].isupper() and len(words) > 1 and words[-1].lower() in _BEFORE_A_NAME:
                words.pop()  # "120 học sinh khối C": học sinh
                end = ends.pop(-2)
            break  # punctuation, a long phrase, or a name begins ("3 người Hà Nội")
        if word.lower() in _STOP_PHRASES or f"{word} {_next_word(text, match.end())}".lower() in _STOP_PHRASES:
            break
        words.append(word)
        ends.append(match.end())
        end = match.end()
    return (" ".join(words) or None), end


def _name_before(text: str, start: int) -> bool:
    """A capitalised word, not the sentence's first, right before `start`: the number is part of a name
    ("Mẫu Vx 7 mới", "An 2 Bình 1")."""
    before = text[:start]
    word = re.search(r"(\w[\w-]*)\s+$", before)
    if not word or not word.group(1)[0].isupper():
        return False
    return bool(re.search(r"[^\s.:!?“\"(]\s+$", before[: word.start()]))


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


def _english_numbers(text: str) -> bool:
    """The sentence writes numbers the English way and never the Vietnamese way ("giảm 2.41%, còn 12,600 won")."""
    return bool(_ENGLISH.search(text)) and not _VIETNAMESE.search(text)


def _read_number(number: str, scale: str | None, unit: str | None, english: bool) -> float | None:
    """'1,500': Vietnamese 1.5 unless it cannot be (money without a scale word: no currency writes thousandths; a
    count or a duration of whole things: "1,200 căn hộ", "1,350 phút") or the sentence writes English numbers."""
    if (
        not scale
        and _ONE_COMMA_GROUP.fullmatch(number)
        and (english or unit in CURRENCIES or unit in DURATIONS or (unit and unit not in MEASURES))
    ):
        return float(number.replace(",", ""))
    return parse_number(number)


def find_amounts(text: str) -> list[Amount]:
    """Every amount in a sentence, with offsets into it."""
    dates = [(d.char_start, d.char_end) for d in find_dates(text)]
    not_amounts = dates + [
        (m.start(), m.end()) for pattern in (_TIME_OF_DAY, _SHORT_DATE) for m in pattern.finditer(text)
    ]
    dashed = [m for m in _DASHED.finditer(text)]
    english = _english_numbers(text)
    found = []  # (Amount, scale word, dash group or None)
    for match in _AMOUNT.finditer(text):
        start = match.start()
        if (
            any(s < match.end() and start < e for s, e in not_amounts)
            or _IDENTIFIER_BEFORE.search(text, 0, start)
            or _NOT_A_COUNT.match(text, match.end())
            or text[max(0, start - 1) : start] == "+"
            or re.search(r"[^\W\d][-–]$", text[:start])
        ):
            continue
        group = next((i for i, d in enumerate(dashed) if d.start() <= start < d.end()), None)
        percent, scale = bool(match["percent"]), (match["scale"] or "").lower() or None
        if match["approx"]:
            value, approximate = APPROXIMATE[match["approx"].lower()], True
            unit, end = _unit_after(text, match.end())
        else:
            approximate = False
            unit, end = ("%", match.end()) if percent else _unit_after(text, match.end())
            value = _read_number(match["number"], scale, unit, english)
            if value is None:
                continue
            value *= SCALES.get(scale or "", 1) * (-1 if match["sign"] == "-" else 1)
            if not (percent or scale or unit in CURRENCIES) and (
                _ACRONYM_BEFORE.search(text, 0, start)
                or (unit not in MEASURES and unit not in DURATIONS and _name_before(text, start))
            ):
                continue
            if unit is None and 1900 <= value <= 2100 and match["number"].isdigit():
                continue  # a year ("từ năm 2009 tới 2013")
        if unit is None and (currency := _CURRENCY_BEFORE.search(text, 0, start)):
            start, unit = currency.start(), "USD"  # "US$ 5 tỷ"
        found.append(
            (Amount(start, end, text[start:end], value, unit, _kind(unit, percent), approximate), scale, group)
        )
    return _ranges_share_units(text, _dashed_ranges(text, dashed, found))


def _dashed_ranges(text: str, dashed: list, found: list) -> list:
    """Keep numbers joined by a dash only as the two ends of a range ("1,5-2%", "10-15 triệu đồng"); scores, dates
    and drawn numbers go."""
    kept = []
    for i, d in enumerate(dashed):
        members = [f for f in found if f[2] == i]
        numbers = re.findall(_NUMBER, d.group())
        if len(numbers) != 2 or len(members) != 2:
            continue
        (first, first_scale, _), (second, second_scale, _) = members
        integers = all(n.isdigit() for n in numbers)
        if (
            second.unit is None
            or _SCORE_CUE.search(text, 0, d.start())
            or text[d.end() : d.end() + 1] == "/"
            or any(n.isdigit() and 1900 <= int(n) <= 2100 for n in numbers)
            or (integers and first.value > second.value)
        ):
            continue
        if first.unit is None:
            value = first.value * (SCALES[second_scale] if second_scale and not first_scale else 1)
            members[0] = (
                Amount(
                    first.char_start, first.char_end, first.surface, value, second.unit, second.kind, first.approximate
                ),
                first_scale,
                i,
            )
        kept.extend(members)
    return sorted([f for f in found if f[2] is None] + kept, key=lambda f: f[0].char_start)


def _ranges_share_units(text: str, found: list) -> list[Amount]:
    """'từ 3 đến 7 năm': the first end of a range takes the unit (and the scale word) of the second."""
    shared = [amount for amount, _, _ in found]
    for i, ((first, first_scale, _), (second, second_scale, _)) in enumerate(zip(found, found[1:])):
        if first.unit is None and _RANGE_JOIN.fullmatch(text, first.char_end, second.char_start):
            value = first.value * (SCALES[second_scale] if second_scale and not first_scale else 1)
            shared[i] = Amount(
                first.char_start, first.char_end, first.surface, value, second.unit, second.kind, first.approximate
            )
    return shared


def amount_rows(sentences: list[dict]) -> tuple[list[dict], list[StageFailure]]:
    """The `amounts` rows of new sentences (each a dict with sentence_id and text); and the sentences the rules
    failed on (they get no amounts)."""
    found, failures = contained(
        "amounts", sentences, lambda s: s["sentence_id"], lambda s: (s, find_amounts(s["text"]))
    )
    return [
        {
            "sentence_id": s["sentence_id"],
            "char_start": a.char_start,
            "char_end": a.char_end,
            "surface": a.surface,
            "value": a.value,
            "unit": a.unit,
            "kind": a.kind,
            "approximate": a.approximate,
        }
        for s, amounts in found
        for a in amounts
    ], failures
