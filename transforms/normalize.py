"""Tiny pure text normalizers, applied in this order: NFC first, diacritics and digits kept."""

import re
import unicodedata

# Characters that render as (or like) a space, and ones that render as nothing.
_SPACE_LIKE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_RUN_OF_SPACES = re.compile(r" {2,}")
_WHITESPACE = re.compile(r"\s{2,}|[^\S ]")  # what needs replacing to fold whitespace to single spaces

# Curly quotes and dashes as their ASCII forms, one character for one (token alignment relies on that).
QUOTE_AND_DASH_ASCII = {
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "–": "-",
    "—": "-",
    "‒": "-",
    "−": "-",
}
# Regex character-class bodies of Vietnamese capital and small letters.
UPPER_LETTERS = "A-ZĐÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
LOWER_LETTERS = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
# What surrounds a name without being part of it: spaces, quotes, brackets, punctuation, dashes.
NAME_EDGE = " \"'“”‘’.,;:!?()[]«»-–—/"

_QUOTES_AND_DASHES = str.maketrans({**QUOTE_AND_DASH_ASCII, "…": "..."})
_HAS_QUOTE_OR_DASH = re.compile("[" + "".join(chr(c) for c in _QUOTES_AND_DASHES) + "]")
_EDGE_PUNCTUATION = " \"'.,;:!?-()[]"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_document_text(text: str) -> str:
    """Canonical document text: NFC, LF line ends, no invisible characters, single spaces, trimmed lines."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    lines = (_RUN_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip("\n")


def sentence_key(text: str) -> str:
    """The dedup key of a sentence: NFC, folded whitespace, ASCII quotes/dashes, no edge punctuation.

    Case and diacritics are kept: they change meaning in Vietnamese.
    """
    text = nfc(text)
    if _HAS_QUOTE_OR_DASH.search(text):  # translate() is slow; most sentences have nothing to map
        text = text.translate(_QUOTES_AND_DASHES)
    if "  " in text or not text.isprintable():  # else its only whitespace is single ASCII spaces
        text = _WHITESPACE.sub(" ", text)
    return text.strip(_EDGE_PUNCTUATION)


# A tone mark on "oa", "oe" or "uy" ending a syllable sits on the first vowel in the new style ("Hòa", "Thủy")
# and on the second in the old ("Hoà", "Thuỷ"); the press uses both. "qu" is a consonant: "Quý" is the same in both.
_OLD_STYLE_PAIR = re.compile(r"(?<![qQ])(?:[oO][áàảãạéèẻẽẹ]|[uU][ýỳỷỹỵ])(?!\w)")
_NEW_STYLE_PAIR = re.compile(r"(?<![qQ])(?:[óòỏõọÓÒỎÕỌ][ae]|[úùủũụÚÙỦŨỤ]y)(?!\w)")


def _move_tone_mark(pair: str, to_first: bool) -> str:
    first, second = unicodedata.normalize("NFD", pair[0]), unicodedata.normalize("NFD", pair[1])
    if to_first:
        return nfc(first + second[1:]) + second[0]
    return first[0] + nfc(second + first[1:])


def new_style_tone_marks(text: str) -> str:
    """ "Thanh Hoá" -> "Thanh Hóa", "Uỷ ban" -> "Ủy ban": one spelling of names written both ways."""
    return _OLD_STYLE_PAIR.sub(lambda m: _move_tone_mark(m.group(), to_first=True), text)


def old_style_tone_marks(text: str) -> str:
    """ "Thanh Hóa" -> "Thanh Hoá": the other spelling, for matching names written the old way."""
    return _NEW_STYLE_PAIR.sub(lambda m: _move_tone_mark(m.group(), to_first=False), text)


# The accent fold, for comparing and searching (never for what is stored): the one in Python. Its SQL twin is the
# fold() macro (warehouse/macros/fold.sql); both give the same letters for Vietnamese text (tests/test_near_dup.py).
def _fold_table() -> dict[int, str]:
    """Each Latin letter with marks -> its bare letter (one character for one, so offsets keep)."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if len(bare) == 1 and bare != chr(code):
            table[code] = bare.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase, without tone or vowel marks: "Ngoại" and "ngoai" fold alike."""
    return text.translate(_FOLD).lower()
