"""Rules that find names underthesea's 2017 CRF misses or mislabels on news text.

In order: gazetteer and pattern spans (treaties and events, organizations, places),
longest first; then a person's name after a title cue ("Tổng thống Nga Vladimir
Putin" -> LOC "Nga" + PER "Vladimir Putin", the title left out); the CRF fills
the gaps that remain.
"""

import re
from dataclasses import dataclass
from functools import cache

from transforms import gazetteer as gz
from transforms.normalize import NAME_EDGE, UPPER_LETTERS

_UPPER = UPPER_LETTERS
CAPWORD = rf"(?:[{_UPPER}][\w.+-]*\w\+?|[{_UPPER}])"
# A capitalized phrase; a single lowercase syllable may sit inside it ("Liên đoàn Bóng đá Việt Nam").
_CAP_PHRASE = rf"(?:\s+(?:{CAPWORD}|và(?=\s+[{_UPPER}])|châu(?=\s+[{_UPPER}])|\w+(?=\s+[{_UPPER}])(?<![.,;:]))){{0,8}}"


# Treaty names are often in sentence case ("Hiệp ước Cắt giảm vũ khí chiến lược mới"): lowercase words
# continue the name until a word that starts the rest of the sentence.
_CLAUSE_WORDS = (
    "của",
    "với",
    "giữa",
    "và",
    "được",
    "là",
    "đã",
    "sẽ",
    "có",
    "này",
    "về",
    "trong",
    "từ",
    "vào",
    "cho",
    "khi",
    "mà",
    "thì",
    "nhằm",
    "theo",
    "tại",
    "do",
    "bị",
    "không",
    "cũng",
    "vẫn",
    "năm",
    "ngày",
    "tháng",
)
_TREATY_WORD = rf"(?!(?:{'|'.join(_CLAUSE_WORDS)})(?!\w))[{_UPPER.lower()}a-zđ]\w*"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str
    canonical: str | None = None  # the name the entity is counted under, when a list knows it


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def _bounded(pattern: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.])(?:{pattern})(?![\w+])")


@cache
def _patterns() -> list[tuple[str, str, re.Pattern]]:
    """(type, kind, pattern), kind 'list' for known names, 'pattern' for shapes of names."""
    places = list(gz.known_places())
    treaties = _alternation(gz.split(gz.TREATIES_AND_EVENTS))
    return [
        ("MISC", "list", re.compile(rf"(?<![\w.])(?:{treaties})(?:\s+\d{{2,4}})?(?![\w+])")),
        (
            "MISC",
            "pattern",
            re.compile(
                rf"(?<!\w)(?:(?:{gz.TREATY_HEADS})\s+(?:{treaties}|{CAPWORD})(?:\s+(?:{CAPWORD}|\d+|{_TREATY_WORD}))*"
                rf"|(?:USS|HMS)\s+{CAPWORD}(?:\s+{CAPWORD})*)(?![\w+])"
            ),
        ),
        ("ORG", "list", _bounded(_alternation(gz.split(gz.ORGANIZATIONS)))),
        (
            "ORG",
            "pattern",
            re.compile(
                rf"(?<![\w.])(?:Bộ\s+(?:{_alternation(gz.split(gz.MINISTRIES))})(?:\s+(?:{_alternation(list(gz.countries()))}))?"
                rf"|(?:{_alternation(gz.split(gz.ORG_HEADS))})\s+{CAPWORD}{_CAP_PHRASE})(?![\w+])"
            ),
        ),
        ("LOC", "list", _bounded(_alternation(places))),
    ]


def _cut_organization(text: str, start: int, end: int) -> int:
    """End an organization phrase after the first place in it, or before another known organization."""
    head_end = text.index(" ", start) if " " in text[start:end] else end
    for entity_type, kind, pattern in _patterns():
        if kind == "list" and entity_type in ("LOC", "ORG"):
            inner = pattern.search(text, head_end, end)
            if inner:
                end = min(end, inner.end() if entity_type == "LOC" else inner.start())
    return len(text[:end].rstrip())


@cache
def _titles() -> re.Pattern:
    return re.compile(
        rf"(?<!\w)(?:{_alternation(gz.split(gz.TITLES))})(?:\s+(?:{_alternation(gz.split(gz.TITLE_FIELDS))}))?(?!\w)"
    )


_ACRONYM_BEFORE_NAME = re.compile(rf"[A-ZĐ]{{2,}}\s+(?=[{_UPPER}])")
_NAME = re.compile(rf"(?:{CAPWORD})(?:\s+(?:(?:{'|'.join(gz.NAME_PARTICLES)})\s+)*(?:{CAPWORD}))*")


def _overlaps(span: Span, chosen: list[Span]) -> bool:
    return any(span.start < c.end and c.start < span.end for c in chosen)


def is_title(words: str) -> bool:
    return bool(_titles().fullmatch(words)) or bool(_titles().match(words))


def after_title(text: str, start: int) -> bool:
    """True when a title ends right before `start` ("Chủ tịch | Quốc hội …")."""
    return any(
        t.end() == len(text[:start].rstrip()) < start for t in _titles().finditer(text, max(0, start - 60), start)
    )


def _is_inside_a_name(text: str, start: int) -> bool:
    """A place name glued to a capitalized word before it ("Nguyễn Tuấn Anh") is part of a person's name."""
    before = text[:start].rstrip()
    if len(before) == len(text[:start]) or not before:
        return False
    previous = before.split()[-1]
    first_word = len(before.split()) == 1
    return previous[0].isupper() and previous[-1].isalnum() and not first_word and not _titles().fullmatch(previous)


def list_and_pattern_spans(text: str, more: list[Span] = ()) -> list[Span]:
    """Treaties/events, organizations and places from the lists and patterns, and `more` candidates from
    other rules; overlaps go to the longest, ties to the lists and patterns."""
    candidates = []
    for entity_type, kind, pattern in _patterns():
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if entity_type == "ORG" and kind == "pattern":
                end = _cut_organization(text, start, end)
            while end > start and text[end - 1] in NAME_EDGE:
                end -= 1
            if end <= start or entity_type == "LOC" and _is_inside_a_name(text, start):
                continue
            surface = text[start:end]
            candidates.append(Span(start, end, entity_type, gz.ALIASES.get(surface, surface)))
    candidates += more
    chosen: list[Span] = []
    for span in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not _overlaps(span, chosen):
            chosen.append(span)
    return chosen


def people_after_titles(text: str, chosen: list[Span]) -> list[Span]:
    """A capitalized name after a title cue, past any place or organization in between."""
    people = []
    starts = {s.start: s for s in chosen}
    for title in _titles().finditer(text):
        position = title.end()
        while True:
            gap = re.match(r"\s+(?:tại\s+|của\s+)?", text[position:])
            nxt = position + (gap.end() if gap else 0)
            if nxt in starts and starts[nxt].type in ("LOC", "ORG"):
                position = starts[nxt].end
                continue
            break
        name = _NAME.match(text, nxt) if gap else None
        acronym = name and _ACRONYM_BEFORE_NAME.match(name.group())
        if acronym:  # "Giám đốc FBI James Comey": the acronym is the organization, the name follows it
            name = _NAME.match(text, name.start() + acronym.end())
        if name and not _titles().match(text, name.start()):  # "của Tổng thống …" is another title, not a name
            span = Span(name.start(), name.end(), "PER")
            if not _overlaps(span, chosen + people) and not _titles().fullmatch(name.group()):
                people.append(span)
    return people
