"""Map tokens that a tagger may have rewritten back to exact offsets in the original text.

underthesea returns tokens, not offsets, and rewrites characters on the way
(decomposed accents composed, "oà" -> "òa", curly quotes kept or not). Both sides
are compared on a skeleton: one base letter per non-space character, lowercased,
tone marks and quote styles ignored.
"""

import unicodedata
from functools import cache, lru_cache

from transforms.normalize import QUOTE_AND_DASH_ASCII, nfc

_QUOTE_CLASS = str.maketrans(QUOTE_AND_DASH_ASCII)


@cache  # a few hundred distinct characters; called for every character of every sentence and token
def _base_char(char: str) -> str:
    return unicodedata.normalize("NFD", char)[0].lower().translate(_QUOTE_CLASS)


def skeleton(text: str) -> tuple[str, list[int]]:
    """One base character per non-space character of `text`, with the offset each came from."""
    chars, offsets = [], []
    for offset, char in enumerate(text):
        if not char.isspace() and not unicodedata.combining(char):
            chars.append(_base_char(char))
            offsets.append(offset)
    return "".join(chars), offsets


@lru_cache(maxsize=1 << 16)  # a night's words repeat: the same few thousand, sentence after sentence
def _token_skeleton(token: str) -> str:
    return skeleton(nfc(token))[0]


def align_tokens(text: str, tokens: list[str]) -> list[tuple[int, int] | None]:
    """(start, end) offsets of each token in `text`, in order; None where a token cannot be found."""
    text_skeleton, offsets = skeleton(text)
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for token in tokens:
        token_skeleton = _token_skeleton(token)
        found = text_skeleton.find(token_skeleton, cursor) if token_skeleton else -1
        if found < 0:
            spans.append(None)
            continue
        last = found + len(token_skeleton) - 1
        end = offsets[last] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        spans.append((offsets[found], end))
        cursor = last + 1
    return spans
