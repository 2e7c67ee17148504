"""Split a document into sentences with exact character offsets.

underthesea's `sent_tokenize` proposes boundaries; a few rules then undo the ones a
reader would not agree with (a lone quote, a split after an initial or before a
lowercase word), others add the ones it misses (a period the scraper lost before
"Theo", "Về", "Khi" …), and lines that are not prose (image file names, photo
captions, bylines) are left out.
"""

import re
from dataclasses import dataclass

from underthesea import sent_tokenize

from transforms.gazetteer import SENTENCE_START_WORDS
from transforms.normalize import LOWER_LETTERS, UPPER_LETTERS

_IMAGE_FILE_LINE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
_CAPTION_LINE = re.compile(r"\((?:Ảnh|Nguồn ảnh|Video|Clip|Photo)\s*:[^()]*\)\s*\W*$", re.IGNORECASE)
# A caption is a photo's line; a longer line that ends on a credit is a scraped paragraph with its photos' credits.
CAPTION_MAX_CHARS = 300
_BYLINE = re.compile(
    r"^(?:Theo|Nguồn|Bài và ảnh|Ảnh)\s*:?\s+[^.!?]{1,60}$|^(?:Bài|Tác giả|PV)\s*:\s*[^.!?]{1,60}$"
    r"|^[^.!?]{1,60}\((?:theo|nguồn)\s[^)]*\)$|^\([^()]{2,30}\)$",
    re.IGNORECASE,
)

_UPPER, _LOWER = UPPER_LETTERS, LOWER_LETTERS
_HAS_WORD = re.compile(r"\w")
_OPENERS = "|".join(sorted(SENTENCE_START_WORDS))
# Boundaries sent_tokenize misses (the gap is the group that matched): an end mark before an opening quote,
# an ellipsis before a capital, a lone capital after a common word ("quý I.", "39 độ C."), and a lost period:
# a capitalized sentence-start word before a lowercase one, after a word ("… tiền nhiệm Về nội thất …").
_MISSED_BOUNDARY = re.compile(
    rf'[.!?…](\s+)(?=[“‘«]|"\w)|…(\s+)(?=[{_UPPER}])|(?:^|\s)[{_LOWER}]+\s[{_UPPER}]\.(\s+)(?=[{_UPPER}])'
    rf'|(?<=[\w)”"’])(\s+)(?=(?:{_OPENERS})\s+[{_LOWER}])'
)
# What closes the sentence before it: a quote or bracket, and a photo's credit ("… Viettel. (Ảnh: TTXVN) Công …").
_CLOSING_PUNCTUATION = re.compile(
    r'^(?:[”’»)\]]|"(?=\s|$)|\'(?=\s|$)|\((?:Ảnh|Nguồn ảnh|Video|Clip|Photo)\b[^()]{0,80}\)(?=\s|$))+', re.IGNORECASE
)
# "ông H.T.P", "Nguyễn Văn A. Trần", "TP. Hồ Chí Minh": a period that ends an initial or title, not a sentence.
_ENDS_WITH_INITIAL = re.compile(
    rf"(?:^|[\s(])(?:[{_UPPER}]\.){{2,}}$|[{_UPPER}]\w*\s+[{_UPPER}]\.$|\b(?:TP|Tp|tp|St|Mr|Mrs|Dr|TS|ThS|PGS|GS)\.$"
)
_STARTS_LOWERCASE = re.compile(rf"^[\"“'‘(]?[{_LOWER}]")


@dataclass(frozen=True)
class Sentence:
    char_start: int
    char_end: int
    text: str


def line_kind(line: str) -> str:
    """'prose', or why the line is not: 'image' (a bare file name), 'caption', 'byline'."""
    if _IMAGE_FILE_LINE.match(line):
        return "image"
    if len(line) <= CAPTION_MAX_CHARS and _CAPTION_LINE.search(line):
        return "caption"
    if _BYLINE.match(line):
        return "byline"
    return "prose"


def _proposed_spans(line: str) -> list[tuple[int, int]]:
    """sent_tokenize's pieces as (start, end) offsets into the line."""
    spans, cursor = [], 0
    for piece in sent_tokenize(line):
        start = line.find(piece, cursor)
        if start < 0:  # sent_tokenize rewrote the text: fall back to one sentence per line
            return [(0, len(line))]
        cursor = start + len(piece)
        for split in _MISSED_BOUNDARY.finditer(line, start, cursor):
            gap = next(g for g in range(1, 5) if split.group(g))
            spans.append((start, split.start(gap)))
            start = split.end(gap)
        spans.append((start, cursor))
    return spans


def _merge_false_boundaries(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = line[start:end]
        if merged:
            previous = line[merged[-1][0] : merged[-1][1]]
            if not _HAS_WORD.search(piece) or _ENDS_WITH_INITIAL.search(previous) or _STARTS_LOWERCASE.match(piece):
                merged[-1] = (merged[-1][0], end)
                continue
            if closing := _CLOSING_PUNCTUATION.match(piece):
                merged[-1] = (merged[-1][0], start + closing.end())
                start += closing.end()
                while start < end and line[start].isspace():
                    start += 1
        elif not _HAS_WORD.search(piece):
            continue
        merged.append((start, end))
    # A leading fragment without words (a lone opening quote) joins the sentence after it.
    return [(s, e) for s, e in merged if _HAS_WORD.search(line[s:e])]


def split_sentences(text: str, not_body: tuple[tuple[int, int], ...] = ()) -> list[Sentence]:
    """The prose sentences of a clean document text, with offsets into that text.

    `not_body` spans (a dateline) are left out: a whole line, or the start of one.
    """
    sentences = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        skip_to = max((end for start, end in not_body if start <= line_start < end), default=line_start)
        body = line[skip_to - line_start :] if skip_to < line_end else ""
        if body.strip() and line_kind(body) == "prose":
            offset = line_end - len(body)
            for start, end in _merge_false_boundaries(body, _proposed_spans(body)):
                sentences.append(Sentence(offset + start, offset + end, body[start:end]))
        line_start = line_end + 1
    return sentences
