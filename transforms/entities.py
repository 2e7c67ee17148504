"""Entity mentions of a sentence, with exact offsets: dates, name rules, and underthesea's CRF."""

import re
from dataclasses import dataclass, replace

from transforms import gazetteer as gz
from transforms.align import align_tokens
from transforms.canonical import display_name, entity_id, preferred_spelling
from transforms.crf_chain import CrfChain
from transforms.dates import find_dates
from transforms.names import Span, after_title, is_title, list_and_pattern_spans, people_after_titles
from transforms.normalize import NAME_EDGE
from transforms.phrases import (
    PERSON_CUES,
    SURNAMES,
    Token,
    headed_names,
    is_head_word,
    people,
    places_with_a_cue_word,
    tokens,
)
from transforms.stage_failures import StageFailure, contained

# The version of the rules below; each mention and each tagged sentence records it. 1: the rules until
# vnews 0.3 (built on the sample's topic); 2: conventions 2 (data/eval/CONVENTIONS.md), news of any topic;
# 3: names counted under one tone-mark spelling, places written the old way, streets by house number;
# 4: abbreviated names keep their period ("ông V.", "Trần Văn Th."), a place glued to a name is cut off it;
# 5: one entity per real thing (transforms/canonical.py): ids from the name's key alone, short forms linked;
# 6: a person an article names is a mention wherever else it writes the name; "HĐND <place>", embassies are ORG;
#    a body's name stops before a number or a pointing word ("… khoảng 500 m", "… nước này"); "Báo X" is the outlet
#    X; awards and cups are MISC; a few clubs listed; "tiếng Anh" is a language.
# 7: a body's name in sentence case runs to the place or scope that closes it ("Trung tâm kiểm soát bệnh tật Hà Nội",
#    "Viện Vệ sinh dịch tễ trung ương", "UBND quận Bắc Từ Liêm"); a ministry's field in any case; "CDC Hà Nội";
#    "ở trung tâm Hà Nội" is the place; "hội đồng thành viên VNPT" the organization alone; a byline "Anh Dũng" is
#    the whole name, and "Anh" opening a sentence before a person the cue; "Nhật" is Japan.
EXTRACTOR_VERSION = "7"
UNTAGGED = "0"  # the extractor_version of a sentence the tagger failed on: `vnews retag` tries it again
_ORG_ENDINGS, _PLACE_ENDINGS = (
    frozenset(gz.split(gz.FOREIGN_ORG_ENDINGS)),
    frozenset(gz.split(gz.FOREIGN_PLACE_ENDINGS)),
)
# An acronym or code: capitals (and digits, hyphens) only, or mixed-case codes like SARS-CoV-2.
_ACRONYM = re.compile(r"[A-ZĐ0-9][A-ZĐ0-9-]+|[A-Z]+-[A-Za-z]+-?\d*|F\d")
# A photo, chart or source credit: "Ảnh: Reuters", "(Ảnh: Mỹ Hà)", "Biểu đồ: Finviz", "Nguồn: EPA/TTXVN".
_CREDIT = re.compile(r"(?<![\w])(?:Ảnh|Nguồn|Biểu đồ|Đồ họa|Đồ hoạ|Video|Clip|Infographic)\s*:\s*")
_CREDIT_WORD = re.compile(r"[^\W\d_][\w&'-]*")
# An acronym in parentheses right after an organization's name is that organization's: "Hyundai Thành Công (HTC)".
_ACRONYM_IN_PARENTHESES = re.compile(r"\s*\(([A-ZĐ][A-ZĐ0-9]{1,9})\)")
# Words before a product's name ("mẫu Hyundai …", "trình duyệt Samsung …"), and a model code after it ("… i10").
_PRODUCT_WORDS = re.compile(
    r"(?:mẫu|mẫu xe|chiếc|xe|dòng|dòng xe|phiên bản|bản|trình duyệt|điện thoại|smartphone|máy)\s+$", re.IGNORECASE
)
_MODEL_CODE = re.compile(r"\s+(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9.-]+(?!\w)")
_LIST_GLUE = re.compile(r"\s*(?:,|và)\s*")
_LOWER_TITLES = frozenset(t.lower() for t in gz.split(gz.TITLES))


@dataclass(frozen=True)
class Mention:
    char_start: int
    char_end: int
    surface: str
    type: str
    date_iso: str | None = None
    canonical: str | None = None  # the entity's name when a list knows it ("LHQ" -> "Liên hợp quốc")
    needs_full_name: bool = False  # a one-word person of the CRF: kept only if its article names them in full


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in NAME_EDGE:
        start += 1
    while end > start and text[end - 1] in NAME_EDGE:
        end -= 1
    return start, end


def bio_spans(
    text: str, tagged: list[tuple[str, ...]], spans: list[tuple[int, int] | None] | None = None
) -> list[Mention]:
    """Turn (token, …, BIO-tag) tuples into mentions aligned to `text` (or at the tokens' `spans`, if aligned
    already); unalignable tokens are dropped."""
    spans = spans or align_tokens(text, [token[0] for token in tagged])
    mentions: list[Mention] = []
    current: tuple[int, int, str] | None = None

    def close() -> None:
        if current:
            start, end = _trimmed(text, current[0], current[1])
            if start < end:
                mentions.append(Mention(start, end, text[start:end], current[2]))

    for token, span in zip(tagged, spans):
        tag = token[-1]
        if span is None or tag == "O":
            close()
            current = None
        elif tag.startswith("I-") and current and current[2] == tag[2:]:
            current = (current[0], span[1], current[2])
        else:
            close()
            current = (span[0], span[1], tag[2:])
    close()
    return mentions


def _outside(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of [start, end) that no taken span covers."""
    parts = [(start, end)]
    for a, b in sorted(taken):
        parts = [piece for s, e in parts for piece in ((s, min(e, a)), (max(s, b), e)) if piece[0] < piece[1]]
    return parts


def is_plausible_name(surface: str, entity_type: str) -> bool:
    """Guards for names no rule vouches for: two letters or more, capitalized, not a title or a bare head word,
    and no acronym or code (COVID-19, PCR, SARS-CoV-2, USD, F0) as a person or a place."""
    letters = sum(c.isalpha() for c in surface)
    if letters < 2 or not surface[0].isupper() or is_title(surface) or is_head_word(surface):
        return False
    if surface.lower() in PERSON_CUES or surface.lower() in _LOWER_TITLES:
        return False  # "Trung tá", "Diva", "Tổng Thư ký": a rank, a role or a title, capitalized
    if entity_type == "PER" and surface.split()[0] == "Tiếng":
        return False  # "Tiếng Anh": a language
    words = surface.split()
    if (
        any(w in gz.not_names() for w in words)
        or entity_type in ("PER", "LOC")
        and any(_ACRONYM.fullmatch(w) for w in words)
    ):
        return False
    return not (entity_type == "PER" and (len(words) == 1 or any(c.isdigit() for c in surface)))


def crf_fill(text: str, crf: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """CRF names where no rule found anything, trimmed, typed (`_crf_type`) and kept when plausible; MISC dropped
    (mostly noise here). A one-word person is kept as `needs_full_name` (`canonical.link_within_documents`
    keeps it when its article gives the full name it abbreviates)."""
    filled = []
    for mention in _joined(text, crf):
        if mention.type == "MISC":
            continue
        for start, end in _outside(mention.char_start, mention.char_end, taken):
            start, end = _trimmed(text, start, end)
            surface = text[start:end]
            entity_type = _crf_type(surface, mention.type)
            if end > start and is_plausible_name(surface, entity_type):
                filled.append(Mention(start, end, surface, entity_type))
            elif (
                end > start
                and entity_type == "PER"
                and " " not in surface
                and is_plausible_name(surface, "ORG")
                and not _ACRONYM.fullmatch(surface)
            ):
                filled.append(Mention(start, end, surface, entity_type, needs_full_name=True))
    return filled


def _joined(text: str, crf: list[Mention]) -> list[Mention]:
    """The CRF may cut a foreign name into pieces of one type ("Tyche" "Capital Advisors", "Caracciolo" "David John"):
    pieces one space apart, none a listed place, are one name."""
    joined: list[Mention] = []
    for m in crf:
        last = joined[-1] if joined else None
        if (
            last
            and last.type == m.type
            and text[last.char_end : m.char_start] == " "
            and not any(x.surface in gz.known_places() or x.surface in gz.admin_unit_names() for x in (last, m))
        ):
            joined[-1] = Mention(last.char_start, m.char_end, text[last.char_start : m.char_end], m.type)
        else:
            joined.append(m)
    return joined


def _crf_type(surface: str, crf_type: str) -> str:
    """The CRF's type, unless the name says otherwise: an administrative unit's name ("Bạch Mai", "Cẩm Lệ") is a
    place, and so is "… Hotel"; "… Airlines" is an organization."""
    first_words, _, last_word = surface.rpartition(" ")
    if first_words and last_word in _ORG_ENDINGS:
        return "ORG"
    if (first_words and last_word in _PLACE_ENDINGS) or (crf_type == "PER" and surface in gz.admin_unit_names()):
        return "LOC"
    return crf_type


class EntityTagger:
    """Tags sentences: dates, then list and pattern rules and title cues, then underthesea's CRF in the gaps.

    underthesea's models load on first use, once per process; `CrfChain` runs them with the
    same output as `underthesea.ner`, faster.
    """

    def __init__(self) -> None:
        self._ner = None

    def tag(self, text: str, with_unconfirmed: bool = False) -> list[Mention]:
        """The mentions of `text`; with `with_unconfirmed`, also the one-word persons that need their article's
        full name (`Mention.needs_full_name`)."""
        if self._ner is None:
            self._ner = CrfChain()
        tagged = self._ner(text)
        spans = align_tokens(text, [word[0] for word in tagged])
        words = tokens(text, tagged, spans)
        mentions = [
            Mention(d.char_start, d.char_end, text[d.char_start : d.char_end], "DATE", d.iso) for d in find_dates(text)
        ]
        taken = [(m.char_start, m.char_end) for m in mentions]
        in_dates = {i for a, b in taken for i in range(a, b)}
        more = (
            headed_names(words, in_dates)
            + people(words, in_dates)
            + places_with_a_cue_word(words, in_dates)
            + credits(text, in_dates)
        )
        rules = [
            s
            for s in list_and_pattern_spans(text, more)
            if not _overlaps_any(s.start, s.end, taken) and not _inside_one_other_word(s, words)
        ]
        rules = _without_people_after_bodies(text, rules, words)
        rules += [
            s
            for s in people_after_titles(text, rules + [Span(a, b, "DATE") for a, b in taken])
            if not is_head_word(" ".join(text[s.start :].split()[:2]))  # "Giám đốc | Trung tâm kiểm soát …"
            and not _names_a_body(text[s.start : s.end])
        ]
        rules = _without_cues_before_people(text, rules)
        mentions += [Mention(s.start, s.end, text[s.start : s.end], s.type, canonical=s.canonical) for s in rules]
        taken += [(s.start, s.end) for s in rules]
        taken += [(c.start(), c.end()) for c in _CREDIT.finditer(text)]  # "Ảnh:" itself is no name
        crf = [
            m
            for m in crf_fill(text, bio_spans(text, tagged, spans), taken)
            if (with_unconfirmed or not m.needs_full_name)
            and not _is_product(text, m)
            and not _common_words_opening_a_sentence(text, m, words)
        ]
        mentions = _people_in_lists(text, mentions, crf)
        mentions = _acronyms_after_bodies(text, sorted(mentions, key=lambda m: (m.char_start, m.char_end)))
        mentions = _organizations_with_their_place(text, sorted(mentions, key=lambda m: (m.char_start, m.char_end)))
        mentions = _without_languages(text, _without_sentence_openers(mentions))
        return sorted(mentions, key=lambda m: (m.char_start, m.char_end))


def credits(text: str, taken: set[int] = frozenset()) -> list[Span]:
    """The name after a photo, chart or source credit ("Ảnh: …", "Biểu đồ: …", "Nguồn: …"): capitals of three
    letters or more ("US NAVY") and a single capitalized word ("Finviz") are the agency or outlet (ORG); two to four
    capitalized words are the photographer (PER, "Ảnh: Mỹ Hà"), unless the last says organization ("… Images").
    The name stops at a sentence's first word, a person cue or a title (the next sentence after a lost period);
    listed names and dotted initials are left to their own rules."""
    spans = []
    for credit in _CREDIT.finditer(text):
        position, names = credit.end(), []
        while True:
            word = _CREDIT_WORD.match(text, position)
            if not word or not word.group()[0].isupper() or word.start() in taken:
                break
            w = word.group()
            if names and (
                w in gz.SENTENCE_START_WORDS
                or w.lower() in PERSON_CUES
                or is_title(w)
                or w.isupper() != names[0].group().isupper()
                or is_head_word(w)
            ):
                break
            names.append(word)
            gap = re.match(r" (?=\S)", text[word.end() :])
            if not gap or len(names) == 4:
                break
            position = word.end() + 1
        if len(names) > 1 and re.match(r" [^\W\d_]", text[names[-1].end() :]) and text[names[-1].end() + 1].islower():
            names.pop()  # "Biểu đồ: Finviz | Tương tự, …": the next sentence's first word
        if not names or names[0].group() in gz.listed_organizations() or names[0].group() in gz.not_names():
            continue
        first = names[0].group()
        if first.isupper():
            if sum(len(n.group()) for n in names) >= 3 and all(n.group().isalpha() for n in names):
                spans.append(Span(names[0].start(), names[-1].end(), "ORG"))
        elif len(names) == 1 or names[-1].group() in _ORG_ENDINGS:
            spans.append(Span(names[0].start(), names[-1].end(), "ORG"))
        else:
            spans.append(Span(names[0].start(), names[-1].end(), "PER"))
    return spans


def _names_a_body(name: str) -> bool:
    """ "Vụ trưởng | Vụ Kế …", "lãnh đạo | Đảng": a name after a title that begins with a body's head word is
    the body."""
    words = name.split()
    return is_head_word(words[0]) and words[0] not in SURNAMES and not (len(words) > 1 and "-" in words[1])


def _is_product(text: str, mention: Mention) -> bool:
    """A product, not a person or a place: a name after a product word ("mẫu Hyundai …", "trình duyệt …") or
    before a model code of letters and digits ("… Grand i10")."""
    return mention.type in ("PER", "LOC") and bool(
        _PRODUCT_WORDS.search(text[max(0, mention.char_start - 20) : mention.char_start])
        or _MODEL_CODE.match(text, mention.char_end)
    )


def _common_words_opening_a_sentence(text: str, mention: Mention, words: list[Token]) -> bool:
    """ "Phía Đông …", "Kỳ thi …", "Chính quyền Syria …": a sentence's first words, capitalized for it, that the
    segmenter reads as common words (no proper noun among them), are no name."""
    before = text[: mention.char_start].rstrip()
    if before and before[-1] not in '.!?:)”"':
        return False
    inside = [w for w in words if mention.char_start <= w.start and w.end <= mention.char_end]
    return bool(inside) and not any(w.pos in ("Np", "Ny", "Nb") for w in inside)


def _people_in_lists(text: str, mentions: list[Mention], crf: list[Mention]) -> list[Mention]:
    """A place of the CRF that no list knows, listed with people ("gọi Tuấn Anh, Ngọc Đức, Nghiêm Xuân Tú") or
    after "người <country>" ("du khách người Úc Caracciolo David John"), is a person."""
    ordered = sorted(mentions + crf, key=lambda m: (m.char_start, m.char_end))
    unknown = {
        id(m)
        for m in crf
        if m.type == "LOC"
        and m.surface not in gz.known_places()
        and m.surface not in gz.admin_unit_names()
        and not is_head_word(m.surface.split()[0])
    }
    types = [m.type for m in ordered]
    for _ in range(2):
        for k, m in enumerate(ordered):
            if id(m) not in unknown or types[k] == "PER":
                continue
            neighbours = [n for n in (k - 1, k + 1) if 0 <= n < len(ordered) and types[n] == "PER"]
            listed = any(
                _LIST_GLUE.fullmatch(
                    text[min(ordered[n].char_end, m.char_end) : max(ordered[n].char_start, m.char_start)]
                )
                for n in neighbours
            )
            nationality = re.search(
                r"(?<!\w)người\s+(\S+(?:\s+\S+)?)\s+$", text[max(0, m.char_start - 30) : m.char_start]
            )
            if listed or nationality and nationality.group(1) in gz.known_places():
                types[k] = "PER"
    return [m if m.type == t else replace(m, type=t) for m, t in zip(ordered, types)]


def _organizations_with_their_place(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "CDC Hà Nội", "Samsung Bắc Ninh": a place right after an organization's acronym or one-word listed name is part
    of its name (its branch there; conventions rule 5). A body named in words keeps the place apart ("Hạ viện | Mỹ")."""
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if (
            last
            and last.type == "ORG"
            and m.type == "LOC"
            and text[last.char_end : m.char_start] == " "
            and m.surface in gz.known_places()
            and " " not in last.surface
            and (_ACRONYM.fullmatch(last.surface) or last.surface in gz.listed_organizations())
            and last.surface not in gz.known_places()
        ):
            joined[-1] = Mention(last.char_start, m.char_end, text[last.char_start : m.char_end], "ORG")
        else:
            joined.append(m)
    return joined


def _acronyms_after_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Phòng CSĐT … (PC46)", "Hyundai Thành Công (HTC)": capitals in parentheses right after an organization are its
    acronym, an organization too (whatever else was read there)."""
    acronyms = []
    for m in mentions:
        found = _ACRONYM_IN_PARENTHESES.match(text, m.char_end) if m.type == "ORG" else None
        if found and found.group(1) not in gz.not_names():
            acronyms.append(Mention(found.start(1), found.end(1), found.group(1), "ORG"))
    return [
        m for m in mentions if not any(m.char_start < a.char_end and a.char_start < m.char_end for a in acronyms)
    ] + acronyms


def _without_people_after_bodies(text: str, spans: list[Span], words: list[Token]) -> list[Span]:
    """ "Chủ tịch Quốc hội Nguyễn Văn A", "Chủ tịch Hội đồng … Mỹ Joseph Dunford": after a title, a body's name that
    ends on a person's name (surname first, or after a place) ends before it; the person is found after the title."""
    cut = []
    for s in spans:
        if s.type == "ORG" and after_title(text, s.start):
            for i, w in enumerate(words):
                if (
                    s.start < w.start
                    and w.end == s.end
                    and w.pos == "Np"
                    and " " in w.text
                    and (
                        w.text.split()[0] in SURNAMES
                        and w.text not in gz.known_places()
                        or w.text.split()[1] in ("Thị", "Văn")
                        or words[i - 1].text in gz.known_places()
                    )
                ):
                    end = len(text[: w.start].rstrip())
                    if text[s.start : end] in gz.listed_organizations() or not is_head_word(text[s.start : end]):
                        # "Bí thư Tỉnh ủy | Lê Văn A"; "Giám đốc Công ty Nguyễn Kim" is the company's name
                        s = replace(s, end=end, canonical=None)
                    break
        cut.append(s)
    return cut


_LANGUAGE_WORD = re.compile(r"(?<!\w)[Tt]iếng\s+$")


def _without_languages(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "tiếng Anh", "tiếng Việt": a country's name after "tiếng" names its language, no place."""
    return [m for m in mentions if not (m.type == "LOC" and _LANGUAGE_WORD.search(text, 0, m.char_start))]


def _without_sentence_openers(mentions: list[Mention]) -> list[Mention]:
    """A sentence-start word glued to a name is the next sentence's ("Donald Trump Theo", "Theo Reuters"): cut off,
    unless it begins a listed place ("Tuy Hòa"); a mention that is only such a word is dropped."""
    kept = []
    for m in mentions:
        words = m.surface.split()
        start, end = m.char_start, m.char_end
        first_two = " ".join(words[:2])
        if (
            m.type != "DATE"
            and words[0] in gz.SENTENCE_START_WORDS
            and not (first_two in gz.known_places() or first_two in gz.admin_unit_names())
        ):
            start = m.char_start + m.surface.index(words[1]) if len(words) > 1 else end
        if m.type != "DATE" and len(words) > 1 and words[-1] in gz.SENTENCE_START_WORDS:
            end = m.char_start + m.surface.rindex(words[-1])
        surface = m.surface[start - m.char_start : end - m.char_start].rstrip()
        if surface:
            kept.append(
                m
                if surface == m.surface
                else replace(m, char_start=start, char_end=start + len(surface), surface=surface, canonical=None)
            )
    return kept


def _inside_one_other_word(span: Span, words: list[Token]) -> bool:
    """A listed place that is only part of one segmented proper noun names something else ("Mỹ" in "Mỹ Tâm",
    "Mỹ Đình"); a one-word listed place that the tagger reads as a common word is that word ("Anh" the pronoun)."""
    if span.type != "LOC":
        return False
    for i, w in enumerate(words):
        if w.start <= span.start and span.end <= w.end:
            next_word = words[i + 1].text if i + 1 < len(words) else ""
            if (w.start, w.end) != (span.start, span.end):  # "Mỹ Tâm đến", not "Canada Justin | Trudeau"
                after_title = i > 0 and is_title(words[i - 1].text)  # "Tổng thống | Brazil Lula | da Silva"
                return w.pos == "Np" and not next_word[:1].isupper() and not after_title
            return " " not in w.text and w.pos not in ("Np", "Ny") and next_word[:1].islower()
    return False


def _without_cues_before_people(text: str, spans: list[Span]) -> list[Span]:
    """ "Anh Lê Văn Tùng": a listed word that is also a person cue, right before a Vietnamese full name, or before any
    person as the sentence's first word ("Anh Dũng cho biết …"), is the cue (in "Thủ tướng Anh Rishi Sunak" it is the
    country)."""
    people = [s for s in spans if s.type == "PER"]
    return [
        s
        for s in spans
        if not (
            s.type == "LOC"
            and text[s.start : s.end].lower() in PERSON_CUES
            and any(
                p.start > s.end
                and text[s.end : p.start].isspace()
                and (text[p.start : p.end].split()[0] in SURNAMES or not text[: s.start].strip())
                for p in people
            )
        )
    ]


def _overlaps_any(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps a taken span."""
    return _outside(start, end, taken) != [(start, end)]


def canonical_name(mention: Mention) -> str:
    """The name a mention is counted under: the ISO date, or the listed name or surface in its display form
    (`canonical.display_name`: "Thanh Hoá" and "Thanh Hóa", "thành phố Đà Nẵng" and "Đà Nẵng" are one)."""
    return mention.date_iso or display_name(mention.canonical or mention.surface)


def mention_rows(
    sentences: list[dict], tagger: EntityTagger
) -> tuple[list[dict], list[dict], list[dict], list[StageFailure]]:
    """(entity_mentions, entities, entity_aliases rows) for distinct sentences, each tagged once, before short
    forms are linked (`canonical.resolve_batch`); and the sentences the tagger failed on (they get no mentions;
    `vnews retag` tries them again)."""
    mentions, entities, aliases = [], {}, {}
    tagged, failures = contained(
        "entities",
        sentences,
        lambda sentence: sentence["sentence_id"],
        lambda sentence: (sentence["sentence_id"], tagger.tag(sentence["text"], with_unconfirmed=True)),
    )
    for sentence_id, found in tagged:
        for mention in found:
            name = canonical_name(mention)
            eid = entity_id(name, mention.date_iso)
            entity = entities.setdefault(eid, {"entity_id": eid, "name": name, "type": mention.type})
            entity["name"] = preferred_spelling(entity["name"], name)  # one name whatever the order
            alias = " ".join(mention.surface.split())
            aliases.setdefault((alias, eid), {"alias": alias, "entity_id": eid, "type": mention.type})
            mentions.append(
                {
                    "sentence_id": sentence_id,
                    "entity_id": eid,
                    "surface": mention.surface,
                    "type": mention.type,
                    "tagged_type": mention.type,
                    "char_start": mention.char_start,
                    "char_end": mention.char_end,
                    "date_iso": mention.date_iso,
                    "extractor_version": EXTRACTOR_VERSION,
                    "needs_full_name": mention.needs_full_name,
                }
            )
    return mentions, list(entities.values()), list(aliases.values()), failures


def with_extractor_version(sentences: list[dict], failures: list[StageFailure]) -> list[dict]:
    """The sentences with the version of the extractor that tagged them: UNTAGGED for those it failed on."""
    failed = {failure.key for failure in failures}
    return [
        {**s, "extractor_version": UNTAGGED if s["sentence_id"] in failed else EXTRACTOR_VERSION} for s in sentences
    ]
