"""Quotations: who said what, in one paragraph of Vietnamese news.

Direct quotations are in quotation marks, with a cue before them ("X cho biết: “…”") or after
them ("“…”, X nói."); quoted words without a cue ("mang “tính chất xây dựng”") are not
quotations. Reported speech is a clause after a cue ("X cho rằng …", "Theo X, …"). The speaker
is the person the speaker phrase names (its last PER mention), else the phrase itself ("đại
diện công ty Vingroup"); a pronoun ("ông", "bà", "vị này") is the paragraph's last named speaker.
"""

import re
from dataclasses import dataclass

from transforms.ids import stable_id
from transforms.normalize import UPPER_LETTERS, sentence_key
from transforms.phrases import SURNAMES

CUES = (
    "cho biết",
    "cho hay",
    "cho rằng",
    "khẳng định",
    "nhấn mạnh",
    "tuyên bố",
    "nói",
    "nêu rõ",
    "thông báo",
    "bày tỏ lo lắng",
    "nhận định",
    "chia sẻ",
    "kể lại",
    "phát biểu",
    "yêu cầu",
    "đề xuất",
    "kêu gọi",
    "khuyến cáo",
    "cảnh báo",
    "dự báo",
    "thừa nhận",
    "tâm sự",
    "viết",
    "thông tin",
    "chỉ đạo",
    "than thở",
    "giải thích",
    "cam kết",
    "nhắc lại",
    "trả lời",
)
PRONOUNS = ("ông", "bà", "anh", "chị", "vị này", "ông ấy", "bà ấy", "anh ấy", "chị ấy", "người này")
MAX_SPEAKER_WORDS = 16
_UPPER = UPPER_LETTERS
# Words that make a phrase a clause, not a speaker: "Hiệp ước INF được … ký kết", "Đây là …".
_CLAUSE_WORDS = re.compile(r"\s(?:là|được|bị|đã|đang|sẽ|về việc|rằng|nhưng|lấy làm|đây)\s", re.IGNORECASE)
_CUE = "(?:" + "|".join(sorted(map(re.escape, CUES), key=len, reverse=True)) + r")(?!\w)(?!\s+tắt)"  # not "viết tắt"
_ADVERBS = r"(?:(?:từng|cũng|đã|chỉ|còn|vui mừng|lại)\s+)*"
_SETTING = r"(?:\s+(?:thêm|với báo chí|trên mạng xã hội|sau trận(?: đấu)?|sau phiên tòa|tại hội nghị|trong nước mắt))?"
_QUOTE = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"")
# "Speaker cue (rằng)? :" right before an opening quotation mark; or "Speaker:" alone
_CUE_BEFORE = re.compile(rf"(?P<speaker>[^.!?“”\"]+?)\s+{_ADVERBS}(?P<cue>{_CUE}){_SETTING}(?:\s+rằng)?\s*[:,]?\s*$")
_COLON_BEFORE = re.compile(r"(?P<speaker>[^.!?“”\":,]{2,80}?)\s*:\s*$")
# ", speaker cue …" after a closing mark, to the end of the sentence
_CUE_AFTER = re.compile(rf"^\s*[,–-]?\s*(?P<speaker>[^.!?“”\"]+?)\s+{_ADVERBS}(?P<cue>{_CUE})(?![\w])")
# reported: "Speaker cue (rằng)? clause." and "Theo Speaker, clause."
_REPORTED = re.compile(
    rf"(?P<speaker>[^.!?“”\":]+?)\s+{_ADVERBS}(?P<cue>{_CUE}){_SETTING}(?:\s+rằng)?\s*:?\s+"
    rf"(?P<text>[^“”\"]+?)\s*[.!?]?\s*$"
)
_ACCORDING_TO = re.compile(r"^Theo\s+(?P<speaker>[^,]{2,60}),\s*(?P<text>[^“”\"]+?)\s*[.!?]?\s*$")
_SETTING_BEFORE = re.compile(
    r"^(?:(?:Ngày|Sáng|Chiều|Tối|Trưa|Đêm|Hôm|Tháng|Năm|Tại|Trong|Sau)\s+[^,]{1,30},\s*"
    r"|(?:Trước đó|Sau đó|Theo đó),\s*|Khi được hỏi[^,]*,\s*|Trả lời phỏng vấn[^,]*,\s*)"
)
_ADDRESS = re.compile(rf"(?:^|\s)(?i:ông|bà|anh|chị|cô|thầy|em)\s+(?P<name>[{_UPPER}]\S*(?:\s+[{_UPPER}]\S*)*)\s*$")
_CAPITALIZED_RUN = re.compile(rf"(?:^|\s)(?P<name>[{_UPPER}][^\s,]*(?:\s+[{_UPPER}][^\s,]*)*)\s*$")
_SECOND_CUE = re.compile(rf",\s*(?:nhưng|đồng thời|và)\s+{_ADVERBS}(?P<cue>{_CUE})(?:\s+rằng)?\s+")
_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[“\"]?[{_UPPER}])|(?<=[.!?]”)\s+")


@dataclass(frozen=True)
class Quotation:
    char_start: int
    char_end: int
    text: str
    speaker: str | None  # the speaker's name, or the speaker phrase when it names no one
    speaker_start: int | None  # where that name or phrase is in the paragraph
    speaker_end: int | None
    cue: str
    is_direct: bool


@dataclass(frozen=True)
class Person:
    """A PER mention of the paragraph: its span and canonical name."""

    char_start: int
    char_end: int
    name: str


def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans of the paragraph; a quotation of several sentences stays in the one it opens in."""
    quoted = [q.span() for q in _QUOTE.finditer(paragraph)]
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(paragraph):
        if any(a < boundary.start() < b - 1 for a, b in quoted):
            continue
        spans.append((start, boundary.start()))
        start = boundary.end()
    return [*spans, (start, len(paragraph))]


def _speaker(paragraph: str, start: int, end: int, people: list[Person], last: tuple | None) -> tuple:
    """(name, start, end) for the speaker phrase paragraph[start:end]: its last person, the paragraph's last
    named speaker for a pronoun, else the phrase."""
    phrase = paragraph[start:end]
    stripped = phrase.strip(" ,")
    start += len(phrase) - len(phrase.lstrip(" ,"))
    inside = [p for p in people if start <= p.char_start and p.char_end <= start + len(stripped)]
    if inside:
        return inside[-1].name, inside[-1].char_start, inside[-1].char_end
    if stripped.lower() in PRONOUNS and last:
        return last
    head = stripped.split(",")[0]  # "ông Nguyễn Văn Đính, Phó Chủ tịch …": the name before the apposition
    if name := _name_at_end(head):
        at = start + head.rindex(name)
        return name, at, at + len(name)
    return stripped, start, start + len(stripped)


def _name_at_end(phrase: str) -> str | None:
    """The person a title phrase ends with: "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng" -> "Nguyễn Thị Hồng",
    "bà Lan" -> "Lan"; None when it ends with no Vietnamese full name ("Đại diện Bộ Công Thương")."""
    if match := _ADDRESS.search(phrase):
        return match["name"]
    match = _CAPITALIZED_RUN.search(phrase)
    if not match:
        return None
    words = match["name"].split()
    first = next((i for i, word in enumerate(words) if word in SURNAMES), None)
    return " ".join(words[first:]) if first is not None and len(words) - first >= 2 else None


def _plausible_speaker(phrase: str) -> bool:
    """A speaker phrase names someone (a capitalized word) or is a pronoun; it is short (longer only with a
    comma apposition: "ông A, Phó Chủ tịch …") and states nothing itself (no verb or clause words)."""
    phrase = phrase.strip(" ,")
    words = phrase.split()
    limit = MAX_SPEAKER_WORDS if "," in phrase else MAX_SPEAKER_WORDS - 4
    return (
        0 < len(words) <= limit
        and not _CLAUSE_WORDS.search(f" {phrase} ")
        and (any(w[0].isupper() for w in words) or phrase.lower() in PRONOUNS)
    )


def _direct(paragraph: str, start: int, end: int, people: list[Person], last: tuple | None) -> tuple[list, tuple]:
    """Direct quotations opening in the sentence paragraph[start:end], with the cue before or after them."""
    found = []
    for quote in _QUOTE.finditer(paragraph, start, len(paragraph)):
        if quote.start() >= end:
            break
        inner_start, inner_end = quote.span("curly") if quote["curly"] else quote.span("straight")
        before, after = paragraph[start : quote.start()], paragraph[quote.end() :]
        cue = None
        if (match := _CUE_BEFORE.search(before)) and _plausible_speaker(match["speaker"]):
            cue, span = match["cue"], (start + match.start("speaker"), start + match.end("speaker"))
        elif (match := _COLON_BEFORE.search(before)) and _plausible_speaker(match["speaker"]):
            cue, span = ":", (start + match.start("speaker"), start + match.end("speaker"))
        elif (match := _CUE_AFTER.match(after)) and _plausible_speaker(match["speaker"]):
            cue, span = match["cue"], (quote.end() + match.start("speaker"), quote.end() + match.end("speaker"))
        text = paragraph[inner_start:inner_end].strip()
        if cue is None or not text:
            continue  # quoted words, a quotation that goes on without a cue of its own, or marks around nothing
        text_start = inner_start + paragraph[inner_start:inner_end].index(text)
        last = _speaker(paragraph, *span, people, last)
        found.append(Quotation(text_start, text_start + len(text), text, *last, cue, True))
    return found, last


def _reported(paragraph: str, start: int, end: int, people: list[Person], last: tuple | None) -> tuple[list, tuple]:
    """Reported speech in the sentence paragraph[start:end] (one without quotation marks)."""
    sentence = paragraph[start:end]
    setting = _SETTING_BEFORE.match(sentence)
    offset = start + (setting.end() if setting else 0)
    body = paragraph[offset:end]
    if match := _ACCORDING_TO.match(body):
        if not _plausible_speaker(match["speaker"]):
            return [], last  # "Theo cáo trạng, …": a document, not a speaker
        last = _speaker(paragraph, offset + match.start("speaker"), offset + match.end("speaker"), people, last)
        return [
            Quotation(offset + match.start("text"), offset + match.end("text"), match["text"], *last, "theo", False)
        ], last
    match = _REPORTED.match(body)
    if not match or not _plausible_speaker(match["speaker"]):
        return [], last
    last = _speaker(paragraph, offset + match.start("speaker"), offset + match.end("speaker"), people, last)
    quotes, cue, text_start, text_end = [], match["cue"], offset + match.start("text"), offset + match.end("text")
    if second := _SECOND_CUE.search(paragraph, text_start, text_end):  # "X thừa nhận …, nhưng cho rằng …"
        quotes.append(Quotation(text_start, second.start(), paragraph[text_start : second.start()], *last, cue, False))
        cue, text_start = second["cue"], second.end()
    quotes.append(Quotation(text_start, text_end, paragraph[text_start:text_end], *last, cue, False))
    return quotes, last


def find_quotations(paragraph: str, people: list[Person] = ()) -> list[Quotation]:
    """The quotations of one paragraph (a line of an article), in order, with offsets into it."""
    people = sorted(people, key=lambda p: p.char_start)
    quotes, last = [], None
    for start, end in _sentences(paragraph):
        direct, last = _direct(paragraph, start, end, people, last)
        if direct:
            quotes += direct
        elif not _QUOTE.search(paragraph, start, end):
            reported, last = _reported(paragraph, start, end, people, last)
            quotes += reported
    return quotes


def document_quotations(
    doc_id: str, text: str, people: list[tuple[int, int, str, str]], occurrences: list[tuple[int, int, str]]
) -> tuple[list[dict], list[dict]]:
    """(quotations rows, quotation_sentences rows) of a document, paragraph by paragraph.

    `people`: (start, end, name, entity_id) of its PER mentions in the text; `occurrences`: (start, end,
    sentence_id) of its sentences, which each quotation is linked to where it overlaps them.
    """
    rows, links, offset = [], [], 0
    entity_at = {(start, end): entity_id for start, end, _, entity_id in people}
    for paragraph in text.split("\n"):
        here = [
            Person(s - offset, e - offset, name)
            for s, e, name, _ in people
            if offset <= s and e <= offset + len(paragraph)
        ]
        for q in find_quotations(paragraph, here):
            start, end = offset + q.char_start, offset + q.char_end
            quotation_id = stable_id("quotation", doc_id, start, end)
            speaker_at = (offset + q.speaker_start, offset + q.speaker_end) if q.speaker_start is not None else None
            rows.append(
                {
                    "quotation_id": quotation_id,
                    "doc_id": doc_id,
                    "char_start": start,
                    "char_end": end,
                    "text": q.text,
                    "quote_key": stable_id("quote", sentence_key(q.text)),
                    "speaker_entity_id": entity_at.get(speaker_at),
                    "speaker_surface": q.speaker,
                    "cue": q.cue,
                    "is_direct": q.is_direct,
                }
            )
            links += [
                {"quotation_id": quotation_id, "sentence_id": sentence_id}
                for s, e, sentence_id in occurrences
                if s < end and start < e
            ]
        offset += len(paragraph) + 1
    return rows, links
