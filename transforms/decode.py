"""Raw bytes to clean NFC text, or a reason a person understands why not.

charset-normalizer proposes encodings and ftfy repairs double-encoded UTF-8; every
candidate is then scored by how Vietnamese the decoded text looks, because short
cp1258 files are exactly where generic detectors guess wrong.
"""

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy

from transforms.normalize import clean_document_text

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A decoding must look at least this Vietnamese-or-ASCII to be accepted.
MIN_PLAUSIBILITY = 0.97

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC_NUMBERS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x7fELF", "an executable"),
)
# Legacy encodings Vietnamese text arrives in, always tried besides the detector's guesses.
_LEGACY_VIETNAMESE = ("cp1258",)


class DecodeError(ValueError):
    """The bytes are not an article we can read; the message is the quarantine reason."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _vietnamese_alphabet() -> frozenset[str]:
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    vowels = "aăâeêioôơuưy"
    letters = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones}
    letters |= {c.upper() for c in letters} | {"đ", "Đ"}
    ascii_printable = {chr(c) for c in range(0x20, 0x7F)}
    typography = set("\n\t“”‘’«»–—…°•·€£¥%§©®™×÷±½¼¾²³")
    return frozenset(letters | ascii_printable | typography)


_ALPHABET = _vietnamese_alphabet()


def plausibility(text: str) -> float:
    """Share of characters that belong in Vietnamese or ASCII text (1.0 = all of them)."""
    if not text:
        return 0.0
    return sum(ch in _ALPHABET for ch in text) / len(text)


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            return kind
    return None


def _decode_with_bom(raw: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return Decoded(raw[len(bom) :].decode(encoding.removesuffix("-sig")), encoding)
            except UnicodeDecodeError as error:
                raise DecodeError(
                    f"file starts with a {encoding} byte-order mark but is not valid {encoding}: {error.reason}"
                ) from error
    return None


def _candidates(raw: bytes) -> list[Decoded]:
    """Every decoding worth scoring: strict UTF-8 (mojibake repaired), the detector's guesses, legacy code pages."""
    candidates = []
    try:
        text = raw.decode("utf-8")
        repaired = ftfy.fix_encoding(text)
        candidates.append(Decoded(repaired, "utf-8" if repaired == text else "utf-8+repaired-mojibake"))
        return candidates  # strict UTF-8 of non-ASCII bytes is never an accident
    except UnicodeDecodeError:
        pass
    guesses = [match.encoding for match in charset_normalizer.from_bytes(raw)]
    for encoding in dict.fromkeys([*guesses, *_LEGACY_VIETNAMESE]):
        try:
            candidates.append(Decoded(raw.decode(encoding), encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    return candidates


def decode_article(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Decode raw article bytes to clean NFC text, or raise DecodeError with the reason."""
    if len(raw) > max_bytes:
        raise DecodeError(f"file is larger than the {max_bytes:,}-byte limit ({len(raw):,} bytes)")
    if not raw.strip():
        raise DecodeError("file is empty" if not raw else "file holds only whitespace")
    if kind := _binary_kind(raw):
        raise DecodeError(f"binary file: looks like {kind}, not text")
    decoded = _decode_with_bom(raw)
    if decoded is None:
        if b"\x00" in raw:
            raise DecodeError("binary file: contains NUL bytes and no UTF-16/32 byte-order mark")
        candidates = _candidates(raw)
        if not candidates:
            raise DecodeError("not readable text: no known encoding decodes this file")
        decoded = max(candidates, key=lambda c: plausibility(unicodedata.normalize("NFC", c.text)))
    text = clean_document_text(decoded.text)
    score = plausibility(text)
    if score < MIN_PLAUSIBILITY:
        raise DecodeError(
            f"not readable text: best decoding ({decoded.encoding}) has {1 - score:.0%} characters "
            "that do not belong in Vietnamese or English text"
        )
    if not text.strip():
        raise DecodeError("file holds no text after decoding")
    return Decoded(text, decoded.encoding)
